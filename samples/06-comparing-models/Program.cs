// Sample 06: is model B better than model A, or is the difference noise? Two classifiers from scratch on the
// same held-out split, compared with Repro's paired bootstrap and McNemar's test. See README.md.
using System.Globalization;
using Repro.Data.Splits;
using Repro.Data.Synthetic;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.Storage.Sqlite;
using Repro.Tracking;
using static System.FormattableString;

SqliteStoreProvider.Register();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with
// seed 42 in the nearest .repro/ store, created here if there is none. run.Param reads a -p value or logs the default.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "06-comparing-models", Seed = 42, CreateStoreIfMissing = true });
var samples = run.Param("samples", 1000);
var minority = run.Param("minority_ratio", 0.25);
var separation = run.Param("separation", 1.5);
var learningRate = run.Param("lr", 0.5);
var epochs = run.Param("epochs", 300);
var resamples = run.Param("resamples", 2000);

SyntheticDataset train, test;
using (run.Phase("data"))
{
    var data = SyntheticData.Imbalanced(run.Seed, samples, [1 - minority, minority], features: 2, separation: separation);
    // Stratified by label, so both folds keep the class ratio; both models see exactly the same rows.
    var split = SplitAssignment.Create(data.ToTable(), new SplitOptions
    {
        KeyColumn = "id", StratifyColumn = "label", Folds = FoldLayout.FromFractions(0.6, 0.4),
    });
    (train, test) = (data.Select([.. split.RowsOf("train")]), data.Select([.. split.RowsOf("test")]));
    Console.WriteLine(Invariant($"{train.Count} training and {test.Count} test rows; class 1 is {minority * 100:0}% of the data"));
}

// Model A, the baseline: nearest centroid. Predict the class whose mean is closer; as a probability, the
// posterior of two unit-variance Gaussians with equal priors: p(1|x) = σ((|x - μ0|² - |x - μ1|²) / 2).
double[][] centroids;
using (run.Phase("nearest_centroid"))
{
    centroids = [.. Enumerable.Range(0, 2).Select(c => Enumerable.Range(0, train.FeatureCount)
        .Select(j => train.Features.Where((_, i) => train.Labels![i] == c).Average(x => x[j])).ToArray())];
}

// Model B: logistic regression, p(1|x) = σ(w·x + b), by full-batch gradient descent on the log loss.
// It learns the class prior through b, which the nearest-centroid rule ignores.
var w = new double[train.FeatureCount + 1]; // [b, w0, w1, ...], from zero: nothing random to seed
using (run.Phase("logistic_regression"))
{
    for (var epoch = 1; epoch <= epochs; epoch++)
    {
        var gradient = new double[w.Length];
        var loss = 0.0;
        for (var i = 0; i < train.Count; i++) // index order: a fixed summation order, so fixed bits
        {
            var p = Logistic(w, train.Features[i]);
            var y = train.Labels![i];
            loss -= y == 1 ? Math.Log(p) : Math.Log(1 - p);
            for (var j = 0; j < w.Length; j++) gradient[j] += (p - y) * (j == 0 ? 1 : train.Features[i][j - 1]) / train.Count;
        }

        for (var j = 0; j < w.Length; j++) w[j] -= learningRate * gradient[j];
        run.LogMetric("train_log_loss", loss / train.Count, epoch);
    }
}

using (run.Phase("compare"))
{
    // Ids pair the rows of A and B, and let `repro eval` / `repro compare` pair them later too.
    var ids = Enumerable.Range(0, test.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    var a = Predictions.Binary(test.Labels, [.. test.Features.Select(x => NearestCentroid(centroids, x))], ids);
    var b = Predictions.Binary(test.Labels, [.. test.Features.Select(x => Logistic(w, x))], ids);
    run.LogPredictions(a, "nearest_centroid");
    run.LogPredictions(b, "logistic_regression");

    // The bootstrap redraws the test set with replacement; paired, it draws the same rows for A and B, so what
    // they share (hard and easy rows) cancels out of B - A. Resamples use the run's seed: same seed, same interval.
    var options = new BootstrapOptions { Resamples = resamples, Seed = run.Seed };
    Console.WriteLine("metric             A: nearest centroid     B: logistic regression  B - A, paired 95% interval  verdict");
    foreach (var metric in new[] { "accuracy", "balanced_accuracy", "roc_auc" })
    {
        var (ia, ib) = (Bootstrap.Interval(a, metric, options), Bootstrap.Interval(b, metric, options));
        var paired = PairedBootstrap.Compare(a, b, metric, options);
        run.LogMetric($"{metric}/nearest_centroid", paired.ValueA);
        run.LogMetric($"{metric}/logistic_regression", paired.ValueB);
        run.LogMetric($"{metric}/difference", paired.Difference);
        run.LogMetric($"{metric}/difference_low", paired.Low);
        run.LogMetric($"{metric}/difference_high", paired.High);
        run.LogMetric($"{metric}/p_value", paired.PValue);
        Console.WriteLine(Invariant(
            $"{metric,-18} {ia.Value:0.000} [{ia.Low:0.000}, {ia.High:0.000}]    {ib.Value:0.000} [{ib.Low:0.000}, {ib.High:0.000}]    {Signed(paired.Difference)} [{Signed(paired.Low)}, {Signed(paired.High)}]    {paired.VerdictText} (p = {paired.PValue:0.000})"));
    }

    // McNemar looks only at the rows where exactly one model is right: are those split evenly?
    var mcnemar = McNemar.Test(a, b);
    run.LogMetric("mcnemar/only_a_correct", mcnemar.OnlyACorrect);
    run.LogMetric("mcnemar/only_b_correct", mcnemar.OnlyBCorrect);
    run.LogMetric("mcnemar/p_value", mcnemar.PValue);
    Console.WriteLine(Invariant(
        $"McNemar: both right {mcnemar.BothCorrect}, only A {mcnemar.OnlyACorrect}, only B {mcnemar.OnlyBCorrect}, both wrong {mcnemar.BothWrong}: p = {mcnemar.PValue:0.0000}"));
}

static string Signed(double value) => Invariant($"{(value < 0 ? "" : "+")}{value:0.000}");

static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

static double Logistic(double[] w, double[] x)
{
    var z = w[0];
    for (var j = 0; j < x.Length; j++) z += w[j + 1] * x[j];
    return Sigmoid(z);
}

static double NearestCentroid(double[][] centroids, double[] x)
{
    var (d0, d1) = (0.0, 0.0);
    for (var j = 0; j < x.Length; j++)
    {
        d0 += (x[j] - centroids[0][j]) * (x[j] - centroids[0][j]);
        d1 += (x[j] - centroids[1][j]) * (x[j] - centroids[1][j]);
    }

    return Sigmoid((d0 - d1) / 2);
}
