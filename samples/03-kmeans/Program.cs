// Sample 03: k-means clustering from scratch, with seeded k-means++ initialisation and restarts, on Gaussian
// blobs; every choice derives from the run's seed, every sum runs in index order. See README.md.
using Repro.Data.Synthetic;
using Repro.Randomness;
using Repro.Storage.Sqlite;
using Repro.Tracking;
using static System.FormattableString;

SqliteStoreProvider.Register();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with
// seed 42 in the nearest .repro/ store, created here if there is none. run.Param reads a -p value or logs the default.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "03-kmeans", Seed = 42, CreateStoreIfMissing = true });
var samples = run.Param("samples", 2000);
var trueClusters = run.Param("true_clusters", 4);
var k = run.Param("k", 4);
var restarts = run.Param("restarts", 5);
var maxIterations = run.Param("max_iterations", 100);

SyntheticDataset data;
using (run.Phase("data"))
{
    data = SyntheticData.Blobs(run.Seed, samples, trueClusters, features: 2, clusterStandardDeviation: 1.5);
}

// k-means only finds a local minimum that depends on where it starts: try several seeded starts, keep the best.
Clustering? best = null;
using (run.Phase("kmeans"))
{
    for (var r = 0; r < restarts; r++)
    {
        // One named stream per restart: adding a restart never changes the ones before it.
        var random = new RandomStream(run.Seed, $"kmeans/restart/{r}");
        var result = KMeans(data.Features, KMeansPlusPlus(data.Features, k, random), maxIterations,
            (iteration, inertia) => run.LogMetric($"inertia/restart_{r}", inertia, iteration));
        run.LogMetric("final_inertia", result.Inertia, r);
        Console.WriteLine(Invariant($"restart {r}: inertia {result.Inertia:0.000} after {result.Iterations} iterations"));
        best = best is null || result.Inertia < best.Inertia ? result : best;
    }
}

using (run.Phase("elbow"))
{
    // The elbow plot: inertia always falls as k grows; the bend shows where extra clusters stop paying.
    for (var kk = 1; kk <= 8; kk++)
    {
        var random = new RandomStream(run.Seed, $"elbow/k/{kk}");
        run.LogMetric("elbow_inertia", KMeans(data.Features, KMeansPlusPlus(data.Features, kk, random), maxIterations, (_, _) => { }).Inertia, kk);
    }
}

// Purity: the share of points whose cluster's majority label is their own true label (1 is a perfect match).
var purity = Enumerable.Range(0, k)
    .Sum(c => data.Labels!.Where((_, i) => best!.Assignment[i] == c).GroupBy(l => l).Select(g => g.Count()).DefaultIfEmpty(0).Max())
    / (double)data.Count;
run.LogMetric("best_inertia", best!.Inertia);
run.LogMetric("purity", purity);
Console.WriteLine(Invariant($"best inertia {best.Inertia:0.000}, purity {purity:0.0000} against the generating labels"));
for (var c = 0; c < k; c++)
{
    Console.WriteLine(Invariant($"  cluster {c}: {best.Assignment.Count(a => a == c),5} points around ({best.Centres[c][0]:0.00}, {best.Centres[c][1]:0.00})"));
}

// k-means++ (Arthur and Vassilvitskii, 2007): the first centre is a uniform pick; each next one is a point
// drawn with probability proportional to its squared distance to the nearest centre chosen so far.
static double[][] KMeansPlusPlus(double[][] x, int k, RandomStream random)
{
    var centres = new List<double[]> { x[random.NextInt(x.Length)] };
    var nearest = x.Select(p => SquaredDistance(p, centres[0])).ToArray();
    while (centres.Count < k)
    {
        var target = random.NextDouble() * nearest.Sum(); // the sum runs in index order: same bits every time
        var (chosen, cumulative) = (0, nearest[0]);
        while (cumulative <= target && chosen < x.Length - 1) cumulative += nearest[++chosen];
        centres.Add(x[chosen]);
        for (var i = 0; i < x.Length; i++) nearest[i] = Math.Min(nearest[i], SquaredDistance(x[i], x[chosen]));
    }

    return [.. centres.Select(c => (double[])c.Clone())];
}

// Lloyd's algorithm: assign each point to its nearest centre, move each centre to the mean of its points, repeat
// until no assignment changes. Inertia (the sum of squared distances to the assigned centres) never increases.
static Clustering KMeans(double[][] x, double[][] centres, int maxIterations, Action<int, double> onIteration)
{
    var assignment = new int[x.Length];
    Array.Fill(assignment, -1);
    var inertia = 0.0;
    var iteration = 0;
    for (var changed = true; changed && iteration < maxIterations;)
    {
        iteration++;
        (changed, inertia) = (false, 0.0);
        for (var i = 0; i < x.Length; i++)
        {
            var nearest = 0; // ties go to the lower index: a fixed rule, not whatever a parallel loop hits first
            for (var c = 1; c < centres.Length; c++) nearest = SquaredDistance(x[i], centres[c]) < SquaredDistance(x[i], centres[nearest]) ? c : nearest;
            changed |= assignment[i] != nearest;
            assignment[i] = nearest;
            inertia += SquaredDistance(x[i], centres[nearest]);
        }

        onIteration(iteration, inertia);
        for (var c = 0; c < centres.Length; c++)
        {
            var members = Enumerable.Range(0, x.Length).Where(i => assignment[i] == c).ToArray();
            if (members.Length == 0) continue; // an empty cluster keeps its centre
            for (var j = 0; j < centres[c].Length; j++) centres[c][j] = members.Sum(i => x[i][j]) / members.Length;
        }
    }

    return new Clustering(centres, assignment, inertia, iteration);
}

static double SquaredDistance(double[] a, double[] b)
{
    var sum = 0.0;
    for (var j = 0; j < a.Length; j++) sum += (a[j] - b[j]) * (a[j] - b[j]);
    return sum;
}
