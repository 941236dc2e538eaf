using System.Globalization;
using Repro.Artifacts;
using Repro.Data;
using Repro.Data.Splits;
using Repro.Data.Synthetic;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.TorchSharp;
using Repro.TorchSharp.Checkpoints;
using Repro.TorchSharp.Data;
using Repro.Tracking;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Cli.Demo;

/// <summary>
/// The experiment behind <c>repro demo</c>, run as the child process of a tracked run (<c>repro demo train</c>): a
/// small MLP (TorchSharp, CPU, one thread) learns to tell two interleaved spirals apart. Phases <c>data</c> (dataset
/// recorded and stored as an artifact the run uses, hash split recorded), <c>train</c> (per-epoch metrics, a checkpoint artifact at the end) and <c>evaluate</c>
/// (test-fold predictions logged, metrics with bootstrap intervals).
/// </summary>
/// <remarks>
/// Every random choice derives from the run's seed: the initial weights (torch seeded from the path <c>torch/init</c>),
/// the batch order (<see cref="EpochDataLoader"/>, <c>loader/train/epoch/E</c>) and the bootstrap resamples
/// (<c>bootstrap/I</c>); the data comes from <see cref="DemoSettings.DatasetSeed"/>. With one torch thread every sum
/// runs in a fixed order, so the same seed gives bit-identical metrics and checkpoint.
/// </remarks>
internal static class DemoTraining
{
    private const int Classes = 2;

    /// <summary>Trains and evaluates into <paramref name="run"/>, writing one line per epoch and one per test metric to <paramref name="output"/>.</summary>
    public static void Train(Run run, DemoSettings settings, TextWriter output)
    {
        LogSettings(run, settings);
        TorchThreads.Pin(run);
        TorchDevices.Select("cpu", run);

        SyntheticDataset data;
        SplitAssignment split;
        using (run.Phase("data"))
        {
            data = SyntheticData.Spirals(DemoSettings.DatasetSeed, settings.Samples, Classes, settings.Turns, settings.Noise);
            var table = data.ToTable();
            run.LogDataset(DemoSettings.DatasetName, table);
            var dataset = StoreDataset(run, data);
            split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", LabelColumn = "label" });
            run.LogSplit(DemoSettings.DatasetName, split);
            output.WriteLine(Invariant($"data: {data.Count:N0} points of two spirals ({dataset.Label}, fingerprint {table.Fingerprint[..19]}...); hash split ")
                + string.Join(", ", split.Folds.Select(f => Invariant($"{f.Name} {f.Rows:N0}"))));
        }

        TorchRandom.Seed(run, "torch/init");
        using var model = nn.Sequential(
            ("hidden1", nn.Linear(2, settings.Hidden)), ("relu1", nn.ReLU()),
            ("hidden2", nn.Linear(settings.Hidden, settings.Hidden)), ("relu2", nn.ReLU()),
            ("output", nn.Linear(settings.Hidden, Classes)));
        using var optimizer = optim.Adam(model.parameters(), settings.LearningRate);
        var train = Rows(split, "train");
        using var loader = EpochDataLoader.FromArrays("train", run.Seed, Features(data, train), 2, Labels(data, train), new DataLoaderOptions { BatchSize = settings.BatchSize });
        var validation = Rows(split, "validation");
        using var validationX = tensor(Features(data, validation), [validation.Length, 2]);
        using var validationY = tensor(Labels(data, validation), [validation.Length]);

        using (run.Phase("train"))
        {
            var steps = 0L;
            for (var epoch = 0; epoch < settings.Epochs; epoch++)
            {
                model.train();
                var lossSum = 0.0;
                foreach (var batch in loader.Batches(epoch))
                {
                    using var scope = NewDisposeScope();
                    using var _ = batch;
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.call(batch[0]), batch[1]);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * (double)batch.Size;
                    steps++;
                }

                var (validationLoss, validationAccuracy) = Validate(model, validationX, validationY);
                var trainLoss = lossSum / loader.Count;
                run.LogMetric("train_loss", trainLoss, epoch + 1);
                run.LogMetric("val_loss", validationLoss, epoch + 1);
                run.LogMetric("val_accuracy", validationAccuracy, epoch + 1);
                output.WriteLine(Invariant($"epoch {epoch + 1,2}/{settings.Epochs}  train_loss {trainLoss:0.0000}  val_loss {validationLoss:0.0000}  val_accuracy {validationAccuracy:0.0000}"));
            }

            // Weights, Adam's moments and the generator state, as one content-addressed artifact produced by this run.
            var checkpoint = TorchCheckpoint.Save(run, DemoSettings.CheckpointName, model, optimizer, new TrainingPosition(settings.Epochs, 0, steps));
            run.SetTag(DemoSettings.CheckpointTag, checkpoint.Label);
            run.SetTag(DemoSettings.CheckpointDigestTag, checkpoint.Digest);
            output.WriteLine($"checkpoint: {checkpoint.Label} ({checkpoint.Digest[..19]}...)");
        }

        using (run.Phase("evaluate"))
        {
            var test = Rows(split, "test");
            var predictions = Predict(model, data, test);
            run.LogPredictions(predictions);
            var intervals = Bootstrap.Intervals(predictions, DemoSettings.TestMetrics,
                new BootstrapOptions { Seed = run.Seed, Resamples = settings.Resamples, Level = settings.Level });
            output.WriteLine(Invariant($"test: {test.Length:N0} rows, {settings.Level * 100:0.#}% bootstrap intervals from {settings.Resamples:N0} resamples"));
            foreach (var interval in intervals)
            {
                run.LogMetric(DemoSettings.TestPrefix + interval.Metric, interval.Value);
                run.LogMetric(DemoSettings.TestPrefix + interval.Metric + "_ci_low", interval.Low);
                run.LogMetric(DemoSettings.TestPrefix + interval.Metric + "_ci_high", interval.High);
                output.WriteLine(Invariant($"  {interval.Metric,-9} {interval.Value:0.0000}  [{interval.Low:0.0000}, {interval.High:0.0000}]"));
            }
        }
    }

    private static void LogSettings(Run run, DemoSettings settings)
    {
        run.LogParam("dataset", DemoSettings.DatasetName);
        run.LogParam("dataset_seed", (long)DemoSettings.DatasetSeed);
        run.LogParam("samples", settings.Samples);
        run.LogParam("turns", settings.Turns);
        run.LogParam("noise", settings.Noise);
        run.LogParam("hidden", settings.Hidden);
        run.LogParam("epochs", settings.Epochs);
        run.LogParam("batch_size", settings.BatchSize);
        run.LogParam("lr", settings.LearningRate);
        run.LogParam("bootstrap_resamples", settings.Resamples);
        run.LogParam("bootstrap_level", settings.Level);
    }

    /// <summary>
    /// Stores the data as a CSV artifact (<c>dataset/spirals</c>; a new version only if the data ever changes) and records
    /// that the run uses it, so the checkpoint's lineage reads: this dataset, this run, this checkpoint.
    /// </summary>
    private static ArtifactInfo StoreDataset(Run run, SyntheticDataset data)
    {
        var folder = Directory.CreateTempSubdirectory("repro-demo-");
        try
        {
            var file = Path.Combine(folder.FullName, DemoSettings.DatasetName + ".csv");
            data.WriteCsv(file);
            var stored = run.LogArtifact(file, $"dataset/{DemoSettings.DatasetName}");
            return run.UseArtifact(stored.Label);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int[] Rows(SplitAssignment split, string fold) => [.. split.RowsOf(fold)];

    private static float[] Features(SyntheticDataset data, int[] rows)
    {
        var features = new float[rows.Length * 2];
        for (var i = 0; i < rows.Length; i++)
        {
            features[2 * i] = (float)data.Features[rows[i]][0];
            features[(2 * i) + 1] = (float)data.Features[rows[i]][1];
        }

        return features;
    }

    private static long[] Labels(SyntheticDataset data, int[] rows) => Array.ConvertAll(rows, row => (long)data.Labels![row]);

    private static (double Loss, double Accuracy) Validate(Sequential model, Tensor x, Tensor y)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.call(x);
        var loss = nn.functional.cross_entropy(logits, y).item<float>();
        var accuracy = logits.argmax(1).eq(y).to(ScalarType.Float64).mean().item<double>();
        return (loss, accuracy);
    }

    /// <summary>The model's probability of class 1 for each test row, with the row's id, so runs pair row by row.</summary>
    private static Predictions Predict(Sequential model, SyntheticDataset data, int[] rows)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var x = tensor(Features(data, rows), [rows.Length, 2]);
        var probabilities = nn.functional.softmax(model.call(x), 1).to(ScalarType.Float64);
        var scores = probabilities.select(1, 1).contiguous().data<double>().ToArray();
        var labels = Array.ConvertAll(rows, row => data.Labels![row]);
        var ids = Array.ConvertAll(rows, row => row.ToString(CultureInfo.InvariantCulture));
        return Predictions.Binary(labels, scores, ids);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
