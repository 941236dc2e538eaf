// Sample 01: fit y = b + w·x twice, by gradient descent from scratch and by the closed-form least-squares
// solution, on seeded synthetic data; track it all in a Repro run. See README.md for the ideas behind it.
using Repro.Data.Splits;
using Repro.Data.Synthetic;
using Repro.Storage.Sqlite;
using Repro.Tracking;
using static System.FormattableString;

SqliteStoreProvider.Register();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with
// seed 42 in the nearest .repro/ store, created here if there is none. run.Param reads a -p value or logs the default.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "01-linear-regression", Seed = 42, CreateStoreIfMissing = true });
var samples = run.Param("samples", 1000);
var features = run.Param("features", 3);
var noise = run.Param("noise", 0.5);
var learningRate = run.Param("lr", 0.05);
var epochs = run.Param("epochs", 200);

SyntheticDataset train, test;
using (run.Phase("data"))
{
    // Every number derives from the run's seed: the same seed gives the same data, bit for bit.
    var data = SyntheticData.LinearRegression(run.Seed, samples, features, noise);
    // A hash split of the row ids: stable whatever the seed or the row order (see Repro.Data.Splits).
    var split = SplitAssignment.Create(data.ToTable(), new SplitOptions { KeyColumn = "id", Folds = FoldLayout.FromFractions(0.8, 0.2) });
    (train, test) = (data.Select([.. split.RowsOf("train")]), data.Select([.. split.RowsOf("test")]));
    Console.WriteLine(Invariant($"seed {run.Seed}: {train.Count} training rows, {test.Count} test rows, {features} features, noise sd {noise}"));
}

double[] closedForm;
using (run.Phase("closed_form"))
{
    // Least squares: minimise |Xw - y|², solved exactly by the normal equations (XᵀX) w = Xᵀy.
    var x = WithIntercept(train);
    var p = x[0].Length;
    var normal = new double[p, p + 1]; // [XᵀX | Xᵀy]
    for (var i = 0; i < x.Length; i++) // rows in index order: a fixed summation order, so fixed bits
    {
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++) normal[a, b] += x[i][a] * x[i][b];
            normal[a, p] += x[i][a] * train.Targets![i];
        }
    }

    closedForm = Solve(normal);
}

var w = new double[features + 1]; // gradient descent starts from zero: nothing random to seed here
using (run.Phase("gradient_descent"))
{
    var x = WithIntercept(train);
    for (var epoch = 1; epoch <= epochs; epoch++)
    {
        // Full-batch gradient of the mean squared error: (2/n) Xᵀ(Xw - y).
        var gradient = new double[w.Length];
        var mse = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var error = Dot(w, x[i]) - train.Targets![i];
            mse += error * error;
            for (var j = 0; j < w.Length; j++) gradient[j] += 2 * error * x[i][j] / x.Length;
        }

        for (var j = 0; j < w.Length; j++) w[j] -= learningRate * gradient[j];
        run.LogMetric("train_mse", mse / x.Length, epoch);
        run.LogMetric("distance_to_closed_form", Math.Sqrt(w.Zip(closedForm, (a, b) => (a - b) * (a - b)).Sum()), epoch);
    }
}

using (run.Phase("evaluate"))
{
    var (gdMse, closedMse) = (TestMse(w, test), TestMse(closedForm, test));
    run.LogMetric("test_mse_gradient_descent", gdMse);
    run.LogMetric("test_mse_closed_form", closedMse);
    Console.WriteLine("coefficient   true        closed form   gradient descent");
    for (var j = 0; j <= features; j++)
    {
        var truth = j == 0 ? train.TrueIntercept : train.TrueCoefficients![j - 1];
        Console.WriteLine(Invariant($"{(j == 0 ? "intercept" : $"w{j - 1}"),-12}{truth,10:0.00000}  {closedForm[j],12:0.00000}  {w[j],16:0.00000}"));
    }

    Console.WriteLine(Invariant($"test MSE: closed form {closedMse:0.00000}, gradient descent {gdMse:0.00000} (the noise alone gives {noise * noise:0.00000})"));
    // Files left in REPRO_OUTPUTS become the run's output artifacts; `repro replay` compares their digests too.
    if (Environment.GetEnvironmentVariable(RunEnvironment.Outputs) is { } outputs)
    {
        File.WriteAllLines(Path.Combine(outputs, "coefficients.csv"),
            ["term,closed_form,gradient_descent", .. closedForm.Select((c, j) => Invariant($"{(j == 0 ? "intercept" : $"w{j - 1}")},{c:R},{w[j]:R}"))]);
    }
}

static double[][] WithIntercept(SyntheticDataset data) => [.. data.Features.Select(row => (double[])[1.0, .. row])];

static double Dot(double[] w, double[] x)
{
    var sum = 0.0;
    for (var j = 0; j < w.Length; j++) sum += w[j] * x[j];
    return sum;
}

static double TestMse(double[] w, SyntheticDataset test)
{
    var x = WithIntercept(test);
    var sum = 0.0;
    for (var i = 0; i < x.Length; i++) sum += Math.Pow(Dot(w, x[i]) - test.Targets![i], 2);
    return sum / x.Length;
}

// Gauss-Jordan elimination with partial pivoting on the augmented matrix [A | b]; returns the solution of Aw = b.
static double[] Solve(double[,] m)
{
    var n = m.GetLength(0);
    for (var col = 0; col < n; col++)
    {
        var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
        for (var k = 0; k <= n; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
        for (var r = 0; r < n; r++)
        {
            if (r == col) continue;
            var factor = m[r, col] / m[col, col];
            for (var k = col; k <= n; k++) m[r, k] -= factor * m[col, k];
        }
    }

    return [.. Enumerable.Range(0, n).Select(r => m[r, n] / m[r, r])];
}
