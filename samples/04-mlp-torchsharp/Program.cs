// Sample 04: a multilayer perceptron in TorchSharp on seeded spirals, tracked and replayable. Every random draw
// derives from the run's seed, threads are pinned, batches come in an order keyed by the epoch, and every epoch ends
// with a checkpoint artifact that `--resume checkpoint/mlp:vN` continues from, bit for bit. See README.md.
using Repro;
using Repro.Data;
using Repro.Data.Splits;
using Repro.Data.Synthetic;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.Storage.Sqlite;
using Repro.TorchSharp;
using Repro.TorchSharp.Checkpoints;
using Repro.TorchSharp.Data;
using Repro.Tracking;
using TorchSharp;
using static System.FormattableString;

if (args is not ([] or ["--resume", _]))
{
    Console.Error.WriteLine("usage: Repro.Samples.MlpTorchSharp [--resume CHECKPOINT_REF]   (for example checkpoint/mlp:v5)");
    return 1;
}

SqliteStoreProvider.Register();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with
// seed 42 in the nearest .repro/ store, created here if there is none. run.Param reads a -p value or logs the default.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "04-mlp-torchsharp", Seed = 42, CreateStoreIfMissing = true });
var (epochs, hidden, learningRate) = (run.Param("epochs", 20), run.Param("hidden", 64), run.Param("lr", 0.01));
// CPU results depend on the thread count (reductions split differently): pinned and recorded, before any other torch work.
TorchThreads.Pin(run, run.Param("threads", 1));
var device = TorchDevices.Select(run.Param("device", "auto"), run).Device; // auto: the GPU if there is one, else the CPU

SyntheticDataset data;
SplitAssignment split;
using (run.Phase("data"))
{
    // Three spiral arms of 1.5 turns, one per class, every number drawn from the run's seed; fingerprinted on the run.
    data = SyntheticData.Spirals(run.Seed, samples: 1500, classes: 3, turns: 1.5, noise: 0.04);
    var table = data.ToTable();
    run.LogDataset("spirals", table);
    // 70/15/15 within each class, rows taken in the hash order of their id: the same rows in the same fold on every run.
    split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", StratifyColumn = "label", Folds = FoldLayout.FromFractions(0.7, 0.15, 0.15) });
    run.LogSplit("main", split);
}

var (train, valid, test) = (split.RowsOf("train"), split.RowsOf("validation"), split.RowsOf("test"));
using var loader = EpochDataLoader.FromArrays("train", run.Seed, Features(data, train), data.FeatureCount, Labels(data, train), new DataLoaderOptions { BatchSize = 32, Device = device });
using var validX = torch.tensor(Features(data, valid), [valid.Count, data.FeatureCount], device: device);
using var validY = torch.tensor(Labels(data, valid), device: device);
using var testX = torch.tensor(Features(data, test), [test.Count, data.FeatureCount], device: device);

TorchRandom.Seed(run, "torch/init"); // weight initialisation draws from here...
using var model = torch.nn.Sequential(
    torch.nn.Linear(data.FeatureCount, hidden), torch.nn.ReLU(), torch.nn.Dropout(0.1),
    torch.nn.Linear(hidden, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, data.ClassCount)).to(device);
using var optimizer = torch.optim.Adam(model.parameters(), learningRate);
TorchRandom.Seed(run, "torch/train"); // ...and dropout from here, so a change to the model leaves the masks alone
var position = TrainingPosition.Start;
if (args is ["--resume", var reference])
{
    try
    {
        // Weights, Adam moments, generator state and position; the digest is checked before anything is restored.
        var restored = TorchCheckpoint.Load(run, reference, model, optimizer);
        position = restored.Position;
        run.LogParam("resumed_from", restored.Artifact.Label);
        Console.WriteLine($"resumed from {restored.Artifact.Label} at epoch {position.Epoch + 1}");
    }
    catch (ReproException ex) // missing, corrupt, or made for another model: one clear line, and the run fails
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        run.End(RunStatus.Failed, ex.Message);
        return 1;
    }
}

using (run.Phase("train"))
{
    var step = position.Step;
    for (var epoch = position.Epoch; epoch < epochs; epoch++)
    {
        model.train();
        var (lossSum, batches) = (0.0, 0);
        foreach (var batch in loader.Batches(epoch, epoch == position.Epoch ? position.Batch : 0))
        {
            using var scope = torch.NewDisposeScope(); // frees every tensor the step makes
            using (batch)
            {
                optimizer.zero_grad();
                var loss = torch.nn.functional.cross_entropy(model.call(batch[0]), batch[1]);
                loss.backward();
                optimizer.step();
                (lossSum, batches, step) = (lossSum + loss.item<float>(), batches + 1, step + 1);
            }
        }

        var validAccuracy = Accuracy(model, validX, validY);
        run.LogMetric("train_loss", lossSum / batches, epoch + 1);
        run.LogMetric("valid_accuracy", validAccuracy, epoch + 1);
        var saved = TorchCheckpoint.Save(run, "mlp", model, optimizer, new TrainingPosition(epoch + 1, 0, step));
        Console.WriteLine(Invariant($"epoch {epoch + 1,2}: train loss {lossSum / batches:0.0000}, validation accuracy {validAccuracy:0.000}  -> {saved.Label}"));
    }
}

using (run.Phase("evaluate"))
{
    model.eval();
    double[] probabilities;
    using (torch.NewDisposeScope())
    using (torch.no_grad())
    {
        probabilities = torch.nn.functional.softmax(model.call(testX), 1).to(torch.float64).cpu().data<double>().ToArray();
    }

    // Scikit-learn's metrics with 95% bootstrap intervals; the row ids let `repro compare` pair two runs' predictions.
    string[] classes = [.. Enumerable.Range(0, data.ClassCount).Select(c => Invariant($"{c}"))], ids = [.. test.Select(i => Invariant($"{i}"))];
    var predictions = Predictions.Multiclass([.. test.Select(i => data.Labels![i])], probabilities, classes, ids);
    run.LogPredictions(predictions, "test");
    foreach (var interval in Bootstrap.Intervals(predictions, ["accuracy", "f1_macro", "log_loss"], new BootstrapOptions { Seed = run.Seed }))
    {
        run.LogMetric($"test_{interval.Metric}", interval.Value);
        run.LogMetric($"test_{interval.Metric}_ci_low", interval.Low);
        run.LogMetric($"test_{interval.Metric}_ci_high", interval.High);
        Console.WriteLine(Invariant($"test {interval.Metric,-9} {interval.Value:0.0000}  (95% CI {interval.Low:0.0000} to {interval.High:0.0000}, {test.Count} rows)"));
    }
}

return 0;

// The rows' features, row after row, as float32 (what torch trains in), and their classes as int64.
static float[] Features(SyntheticDataset data, IReadOnlyList<int> rows) => [.. rows.SelectMany(r => data.Features[r].Select(v => (float)v))];

static long[] Labels(SyntheticDataset data, IReadOnlyList<int> rows) => [.. rows.Select(r => (long)data.Labels![r])];

static double Accuracy(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor x, torch.Tensor y)
{
    model.eval();
    using var scope = torch.NewDisposeScope();
    using var noGrad = torch.no_grad();
    return model.call(x).argmax(1).eq(y).to(torch.float64).mean().item<double>();
}
