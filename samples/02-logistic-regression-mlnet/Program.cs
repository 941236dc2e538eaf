// Sample 02: logistic regression with ML.NET on seeded, imbalanced synthetic data; the model is reproducible from
// the run's seed, stored as a verified artifact, and judged with Repro's bootstrap intervals. See README.md.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Repro.Data.Splits;
using Repro.Data.Synthetic;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.MLNet;
using Repro.MLNet.Evaluation;
using Repro.Storage.Sqlite;
using Repro.Tracking;
using static System.FormattableString;

SqliteStoreProvider.Register();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with
// seed 42 in the nearest .repro/ store, created here if there is none. run.Param reads a -p value or logs the default.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "02-logistic-regression-mlnet", Seed = 42, CreateStoreIfMissing = true });
var samples = run.Param("samples", 2000);
var features = run.Param("features", 4);
var positiveShare = run.Param("positive_share", 0.2);
var separation = run.Param("separation", 1.5);
var l2 = run.Param("l2", 0.01);
var resamples = run.Param("resamples", 1000);

// One MLContext, seeded from the run (param mlnet.seed); its trainers are pinned to one thread (params mlnet.*.threads).
var ml = TrackedMLContext.Create(run);
IDataView train, test;
using (run.Phase("data"))
{
    // Two Gaussian classes, 80:20, drawn from the run's seed: the same seed gives the same rows, bit for bit.
    var data = SyntheticData.Imbalanced(run.Seed, samples, [1 - positiveShare, positiveShare], features, separation);
    var split = SplitAssignment.Create(data.ToTable(), new SplitOptions { KeyColumn = "id", Folds = FoldLayout.FromFractions(0.8, 0.2) });
    (train, test) = (Load(ml.Context, data, split.RowsOf("train")), Load(ml.Context, data, split.RowsOf("test")));
    Console.WriteLine(Invariant($"seed {run.Seed}: {split.RowsOf("train").Count} training rows, {split.RowsOf("test").Count} test rows, {positiveShare:P0} positive"));
}

ITransformer model;
using (run.Phase("train"))
{
    // Standardise the features, then fit p(y=1|x) = σ(b + w·x) by minimising the L2-regularised log loss with L-BFGS.
    var pipeline = ml.Context.Transforms.NormalizeMeanVariance("Features")
        .Append(ml.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = (float)l2, L1Regularization = 0 }));
    var trained = ml.Fit(pipeline, train);
    // Saved as model/logistic-regression:vN with fixed zip time stamps: the same model always has the same digest.
    var saved = ml.SaveModel(trained, train.Schema, "model/logistic-regression");
    Console.WriteLine($"model {saved.Label} {saved.Digest[..19]}... ({(saved.Created ? "new version" : "same bytes as before")})");
    // Loading goes through the verified read path: the digest is checked before ML.NET parses a byte, and lineage records the use.
    model = ml.LoadModel(saved.Label, out _);
    var weights = trained.LastTransformer.Model.SubModel;
    Console.WriteLine(Invariant($"bias {weights.Bias:0.0000}, weights on standardised features [{string.Join(", ", weights.Weights.Select(w => w.ToString("0.0000", CultureInfo.InvariantCulture)))}]"));
}

using (run.Phase("evaluate"))
{
    var scored = model.Transform(test);
    // ML.NET's scored rows become Repro predictions (probability of class 1, ids for pairing in `repro compare`).
    var predictions = MLNetPredictions.Binary(scored, idColumnName: "Id");
    run.LogPredictions(predictions, "test");
    // Resample i draws its rows from RandomStream(seed, "bootstrap/i"): the intervals are as reproducible as the model.
    var intervals = Bootstrap.Intervals(predictions, ["roc_auc", "average_precision", "accuracy", "balanced_accuracy", "f1", "log_loss", "brier_score"],
        new BootstrapOptions { Resamples = resamples, Seed = run.Seed });
    Console.WriteLine($"metric               value    95% bootstrap interval ({resamples} resamples)");
    foreach (var interval in intervals)
    {
        run.LogMetric(interval.Metric, interval.Value);
        run.LogMetric(interval.Metric + "_low", interval.Low);
        run.LogMetric(interval.Metric + "_high", interval.High);
        Console.WriteLine(Invariant($"{interval.Metric,-20} {interval.Value,7:0.0000}  [{interval.Low:0.0000}, {interval.High:0.0000}]"));
    }

    // Does ML.NET's own evaluator say the same? Differences of definition (log loss in bits, say) are converted or explained.
    var check = MetricCrossCheck.Binary(ml.Context, scored);
    Console.Write(check);
    run.SetTag("mlnet.cross_check", check.Agrees ? "agrees" : "DISAGREES");
    if (!check.Agrees) Environment.ExitCode = 1;
}

static IDataView Load(MLContext ml, SyntheticDataset data, IReadOnlyList<int> rows)
{
    var schema = SchemaDefinition.Create(typeof(Row));
    schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.FeatureCount);
    return ml.Data.LoadFromEnumerable(rows.Select(i => new Row
    {
        Id = i,
        Label = data.Labels![i] == 1,
        Features = [.. data.Features[i].Select(v => (float)v)],
    }), schema);
}


internal sealed class Row
{
    public long Id { get; set; }

    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}
