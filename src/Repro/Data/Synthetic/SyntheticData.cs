using System.Globalization;
using Repro.Randomness;

namespace Repro.Data.Synthetic;

/// <summary>
/// Seeded generators of small synthetic datasets for teaching, tests and smoke runs: Gaussian blobs, two moons,
/// concentric circles, spirals, imbalanced classes, linear and non-linear regression, and a topic-classification
/// text corpus. Each draws every number from <see cref="RandomStream"/>s of the given seed under its
/// <c>path</c>, so the same seed and path give bit-identical data in every process, and datasets drawn under
/// different paths are independent.
/// </summary>
/// <remarks>
/// <para>Each generator splits its path into sub-streams by purpose (<c>order</c> for the row order,
/// <c>noise</c> for the noise, and so on), so changing one knob, such as the noise level, leaves the
/// numbers drawn for the others unchanged: the same moons with more noise.</para>
/// <para>Classes are as balanced as the row count allows (the first <c>samples mod classes</c> classes get one
/// row more), except in <see cref="Imbalanced"/>; rows come in a random order, not sorted by class.</para>
/// <para>Normal values come from <see cref="RandomStream.NextNormal()"/> and geometry from <see cref="Math.Sin"/>
/// and <see cref="Math.Cos"/>: bit-identical on one machine and runtime, possibly not in the last bits across them.</para>
/// </remarks>
public static partial class SyntheticData
{
    /// <summary>
    /// Isotropic Gaussian clusters (like scikit-learn's <c>make_blobs</c>): <paramref name="centers"/> centres drawn
    /// uniformly from the cube [-<paramref name="centerSpread"/>, <paramref name="centerSpread"/>]^features, and
    /// around each the points of one class with standard deviation <paramref name="clusterStandardDeviation"/> per feature.
    /// </summary>
    /// <param name="seed">The root seed, such as <c>run.Seed</c>.</param>
    /// <param name="samples">The number of rows; at least <paramref name="centers"/>.</param>
    /// <param name="centers">The number of clusters (classes); at least 1.</param>
    /// <param name="features">The number of features; at least 1.</param>
    /// <param name="clusterStandardDeviation">The spread of each cluster; finite, not negative.</param>
    /// <param name="centerSpread">Half the side of the cube the centres are drawn from; finite, not negative.</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above; the message says which and why.</exception>
    public static SyntheticDataset Blobs(ulong seed, int samples = 300, int centers = 3, int features = 2,
        double clusterStandardDeviation = 1.0, double centerSpread = 10.0, string path = "synthetic/blobs")
    {
        RequireAtLeast(centers, 1, nameof(centers));
        RequireRows(samples, centers, "cluster");
        RequireAtLeast(features, 1, nameof(features));
        RequireSpread(clusterStandardDeviation, nameof(clusterStandardDeviation));
        RequireSpread(centerSpread, nameof(centerSpread));
        var root = Root(seed, path);

        var centreStream = root.Derive("centers");
        var centres = new double[centers][];
        for (var c = 0; c < centers; c++)
        {
            centres[c] = new double[features];
            for (var j = 0; j < features; j++)
            {
                centres[c][j] = ((2 * centreStream.NextDouble()) - 1) * centerSpread;
            }
        }

        var labels = ShuffledLabels(EvenCounts(samples, centers), root.Derive("order"));
        var points = root.Derive("points");
        var x = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            x[i] = new double[features];
            for (var j = 0; j < features; j++)
            {
                x[i][j] = centres[labels[i]][j] + (clusterStandardDeviation * points.NextNormal());
            }
        }

        return new SyntheticDataset("blobs", x, labels, centers, null);
    }

    /// <summary>
    /// Two interleaving half circles in the plane (like scikit-learn's <c>make_moons</c>): class 0 on the unit
    /// circle around (0, 0), upper half; class 1 on the unit circle around (1, 0.5), lower half; angles uniform,
    /// then Gaussian noise of standard deviation <paramref name="noise"/> added to both coordinates.
    /// Not linearly separable: the classic test for a non-linear decision boundary.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of rows; at least 2.</param>
    /// <param name="noise">The standard deviation of the noise; finite, not negative (0 puts every point on its arc).</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static SyntheticDataset Moons(ulong seed, int samples = 200, double noise = 0.1, string path = "synthetic/moons")
    {
        RequireRows(samples, 2, "moon");
        RequireSpread(noise, nameof(noise));
        var root = Root(seed, path);
        var labels = ShuffledLabels(EvenCounts(samples, 2), root.Derive("order"));
        var angles = root.Derive("angles");
        var noiseStream = root.Derive("noise");
        var x = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            var t = Math.PI * angles.NextDouble();
            var (px, py) = labels[i] == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
            x[i] = [px + (noise * noiseStream.NextNormal()), py + (noise * noiseStream.NextNormal())];
        }

        return new SyntheticDataset("moons", x, labels, 2, null);
    }

    /// <summary>
    /// Two concentric circles around the origin (like scikit-learn's <c>make_circles</c>): class 0 on the circle of
    /// radius 1, class 1 on the circle of radius <paramref name="factor"/>; angles uniform, then Gaussian noise of
    /// standard deviation <paramref name="noise"/> on both coordinates. Separable by radius, not by any line.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of rows; at least 2.</param>
    /// <param name="noise">The standard deviation of the noise; finite, not negative.</param>
    /// <param name="factor">The inner radius relative to the outer one; strictly between 0 and 1.</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static SyntheticDataset Circles(ulong seed, int samples = 200, double noise = 0.05, double factor = 0.5, string path = "synthetic/circles")
    {
        RequireRows(samples, 2, "circle");
        RequireSpread(noise, nameof(noise));
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The inner circle's radius relative to the outer one must be strictly between 0 and 1.");
        }

        var root = Root(seed, path);
        var labels = ShuffledLabels(EvenCounts(samples, 2), root.Derive("order"));
        var angles = root.Derive("angles");
        var noiseStream = root.Derive("noise");
        var x = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            var t = 2 * Math.PI * angles.NextDouble();
            var radius = labels[i] == 0 ? 1.0 : factor;
            x[i] = [(radius * Math.Cos(t)) + (noise * noiseStream.NextNormal()), (radius * Math.Sin(t)) + (noise * noiseStream.NextNormal())];
        }

        return new SyntheticDataset("circles", x, labels, 2, null);
    }

    /// <summary>
    /// Interleaved spiral arms in the plane, one per class: a point of class c at fraction t of its arm (t uniform in
    /// [0, 1)) lies at radius t and angle 2π·(<paramref name="turns"/>·t + c / classes), then Gaussian noise of
    /// standard deviation <paramref name="noise"/> is added to both coordinates. Hard for linear models and
    /// shallow trees, a good first test for a small neural network.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of rows; at least <paramref name="classes"/>.</param>
    /// <param name="classes">The number of arms (classes); at least 2.</param>
    /// <param name="turns">How many full turns each arm makes; finite and positive.</param>
    /// <param name="noise">The standard deviation of the noise; finite, not negative.</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static SyntheticDataset Spirals(ulong seed, int samples = 300, int classes = 2, double turns = 1.0, double noise = 0.05, string path = "synthetic/spirals")
    {
        RequireAtLeast(classes, 2, nameof(classes));
        RequireRows(samples, classes, "arm");
        if (!(turns > 0) || double.IsInfinity(turns))
        {
            throw new ArgumentOutOfRangeException(nameof(turns), turns, "The number of turns of each spiral arm must be finite and positive.");
        }

        RequireSpread(noise, nameof(noise));
        var root = Root(seed, path);
        var labels = ShuffledLabels(EvenCounts(samples, classes), root.Derive("order"));
        var positions = root.Derive("positions");
        var noiseStream = root.Derive("noise");
        var x = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            var t = positions.NextDouble();
            var angle = 2 * Math.PI * ((turns * t) + (labels[i] / (double)classes));
            x[i] = [(t * Math.Cos(angle)) + (noise * noiseStream.NextNormal()), (t * Math.Sin(angle)) + (noise * noiseStream.NextNormal())];
        }

        return new SyntheticDataset("spirals", x, labels, classes, null);
    }

    /// <summary>
    /// Gaussian classes with unequal sizes, for learning what accuracy hides (a model that always says "majority"
    /// scores 90% on a 9:1 split). The row counts follow <paramref name="classRatios"/> exactly, rounded by the
    /// largest-remainder method (so they always add up to <paramref name="samples"/>; a tie goes to the smaller class). Class centres lie on a
    /// circle in the first two features (on a line when there is one feature), neighbours
    /// <paramref name="separation"/> apart; every feature has unit variance around its centre.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of rows; large enough that every class gets at least one.</param>
    /// <param name="classRatios">The relative size of each class, such as <c>[0.9, 0.1]</c> or <c>[9, 1]</c>; at least two, each finite and positive.</param>
    /// <param name="features">The number of features; at least 1.</param>
    /// <param name="separation">The distance between neighbouring class centres, in standard deviations; finite, not negative.</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classRatios"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above, or a class would get no rows.</exception>
    public static SyntheticDataset Imbalanced(ulong seed, int samples, IReadOnlyList<double> classRatios, int features = 2,
        double separation = 2.0, string path = "synthetic/imbalanced")
    {
        ArgumentNullException.ThrowIfNull(classRatios);
        var counts = CountsFromRatios(samples, classRatios);
        RequireAtLeast(features, 1, nameof(features));
        RequireSpread(separation, nameof(separation));
        var root = Root(seed, path);
        var classes = counts.Length;
        var centres = new double[classes][];
        var radius = separation / (2 * Math.Sin(Math.PI / classes));
        for (var c = 0; c < classes; c++)
        {
            centres[c] = new double[features];
            if (features == 1)
            {
                centres[c][0] = c * separation;
            }
            else
            {
                centres[c][0] = radius * Math.Cos(2 * Math.PI * c / classes);
                centres[c][1] = radius * Math.Sin(2 * Math.PI * c / classes);
            }
        }

        var labels = ShuffledLabels(counts, root.Derive("order"));
        var points = root.Derive("points");
        var x = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            x[i] = new double[features];
            for (var j = 0; j < features; j++)
            {
                x[i][j] = centres[labels[i]][j] + points.NextNormal();
            }
        }

        return new SyntheticDataset("imbalanced", x, labels, classes, null);
    }

    /// <summary>Row counts per class for relative sizes, by the largest-remainder method (ties to the smaller class, then the lower one).</summary>
    internal static int[] CountsFromRatios(int samples, IReadOnlyList<double> classRatios)
    {
        if (classRatios.Count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classRatios), classRatios.Count, "Give the relative size of at least two classes.");
        }

        var total = 0.0;
        for (var c = 0; c < classRatios.Count; c++)
        {
            if (!(classRatios[c] > 0) || double.IsInfinity(classRatios[c]))
            {
                throw new ArgumentOutOfRangeException(nameof(classRatios), classRatios[c], string.Create(CultureInfo.InvariantCulture,
                    $"The ratio of class {c} must be finite and positive."));
            }

            total += classRatios[c];
        }

        RequireRows(samples, classRatios.Count, "class");
        var counts = new int[classRatios.Count];
        var remainders = new double[classRatios.Count];
        var assigned = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            var exact = samples * (classRatios[c] / total);
            counts[c] = (int)Math.Floor(exact);
            remainders[c] = exact - counts[c];
            assigned += counts[c];
        }

        for (; assigned < samples; assigned++)
        {
            var best = 0;
            for (var c = 1; c < counts.Length; c++)
            {
                // Remainders equal up to rounding (9.5 and 0.5 of 10 rows at 0.95 : 0.05) go to the smaller class.
                var tied = Math.Abs(remainders[c] - remainders[best]) <= 1e-9;
                best = (tied ? counts[c] < counts[best] : remainders[c] > remainders[best]) ? c : best;
            }

            counts[best]++;
            remainders[best] = -1;
        }

        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(samples), samples, string.Create(CultureInfo.InvariantCulture,
                    $"Class {c} (ratio {classRatios[c]}) gets no rows out of {samples}; ask for more samples or a larger ratio."));
            }
        }

        return counts;
    }

    /// <summary>Counts as even as possible: the first <c>samples mod classes</c> classes get one more.</summary>
    internal static int[] EvenCounts(int samples, int classes)
    {
        var counts = new int[classes];
        for (var c = 0; c < classes; c++)
        {
            counts[c] = (samples / classes) + (c < samples % classes ? 1 : 0);
        }

        return counts;
    }

    /// <summary>The labels with the given counts per class, in a random order.</summary>
    private static int[] ShuffledLabels(int[] counts, RandomStream order)
    {
        var labels = new int[counts.Sum()];
        var next = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            labels.AsSpan(next, counts[c]).Fill(c);
            next += counts[c];
        }

        order.Shuffle(labels.AsSpan());
        return labels;
    }

    private static RandomStream Root(ulong seed, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new RandomStream(seed, path);
    }

    private static void RequireAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"'{name}' must be at least {minimum}."));
        }
    }

    private static void RequireRows(int samples, int groups, string group)
    {
        if (samples < groups)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, string.Create(CultureInfo.InvariantCulture,
                $"'samples' must be at least {groups}, one row for each {group}."));
        }
    }

    private static void RequireSpread(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be finite and not negative.");
        }
    }
}
