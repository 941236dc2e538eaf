using Microsoft.ML;
using Microsoft.ML.Data;
using Repro.Randomness;

namespace Repro.MLNet.Tests.Support;

/// <summary>Small seeded data sets for the tests: a few hundred rows, four features, fixed per seed.</summary>
internal static class SyntheticRows
{
    public const int FeatureCount = 4;

    private static readonly float[] BinaryWeights = [1.5f, -2f, 0.75f, 0.25f];
    private static readonly float[] PoissonWeights = [0.4f, -0.3f, 0.2f, 0.1f];

    /// <summary>Binary labels drawn from a logistic model of the features (not separable: the log loss is finite).</summary>
    public static IDataView Binary(MLContext ml, int rows = 300, ulong seed = 7) =>
        ml.Data.LoadFromEnumerable(BinaryRows(rows, seed));

    public static BinaryRow[] BinaryRows(int rows, ulong seed)
    {
        var random = new RandomStream(seed, "test/binary");
        return [.. Enumerable.Range(0, rows).Select(i =>
        {
            var x = Features(random);
            var margin = Dot(x, BinaryWeights);
            return new BinaryRow { Id = $"b{i}", Label = random.NextDouble() < 1 / (1 + Math.Exp(-margin)), Features = x };
        })];
    }

    /// <summary>Three classes around three centres, overlapping a little.</summary>
    public static IDataView Multiclass(MLContext ml, int rows = 300, ulong seed = 7)
    {
        var random = new RandomStream(seed, "test/multiclass");
        string[] classes = ["cat", "dog", "owl"];
        var data = Enumerable.Range(0, rows).Select(i =>
        {
            var k = random.NextInt(3);
            var x = Features(random);
            x[k] += 2f;
            return new MulticlassRow { Id = $"m{i}", Label = classes[k], Features = x };
        }).ToArray();
        return ml.Data.LoadFromEnumerable(data);
    }

    /// <summary>Counts drawn from a Poisson distribution whose log-mean is linear in the features.</summary>
    public static IDataView Counts(MLContext ml, int rows = 300, ulong seed = 7)
    {
        var random = new RandomStream(seed, "test/counts");
        var data = Enumerable.Range(0, rows).Select(i =>
        {
            var x = Features(random);
            return new RegressionRow { Id = $"r{i}", Label = Poisson(random, Math.Exp(1 + Dot(x, PoissonWeights))), Features = x };
        }).ToArray();
        return ml.Data.LoadFromEnumerable(data);
    }

    /// <summary>Three blobs; the label is the blob a row was drawn from.</summary>
    public static IDataView Blobs(MLContext ml, int rows = 300, ulong seed = 7)
    {
        var random = new RandomStream(seed, "test/blobs");
        var data = Enumerable.Range(0, rows).Select(i =>
        {
            var k = random.NextInt(3);
            var x = Features(random);
            x[k] += 4f;
            return new ClusterRow { Label = k, Features = x };
        }).ToArray();
        return ml.Data.LoadFromEnumerable(data);
    }

    private static float[] Features(RandomStream random)
    {
        var x = new float[FeatureCount];
        for (var j = 0; j < x.Length; j++)
        {
            x[j] = (float)random.NextNormal();
        }

        return x;
    }

    private static float Dot(float[] x, float[] w)
    {
        var sum = 0f;
        for (var j = 0; j < x.Length; j++)
        {
            sum += x[j] * w[j];
        }

        return sum;
    }

    // Knuth's method: fine for the small means used here.
    private static float Poisson(RandomStream random, double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    public sealed class BinaryRow
    {
        public string Id { get; set; } = "";

        public bool Label { get; set; }

        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];
    }

    public sealed class MulticlassRow
    {
        public string Id { get; set; } = "";

        public string Label { get; set; } = "";

        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];
    }

    public sealed class RegressionRow
    {
        public string Id { get; set; } = "";

        public float Label { get; set; }

        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];
    }

    public sealed class ClusterRow
    {
        public float Label { get; set; }

        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];
    }
}
