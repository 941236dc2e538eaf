using Repro.Data.Synthetic;

namespace Repro.Tests.Data.Synthetic;

public sealed class SyntheticDataTests
{
    public static TheoryData<string> Generators => ["blobs", "moons", "circles", "spirals", "imbalanced", "linear-regression", "nonlinear-regression"];

    [Theory]
    [MemberData(nameof(Generators))]
    public void Same_seed_gives_bit_identical_data(string generator)
    {
        var first = Generate(generator, 11);
        var second = Generate(generator, 11);

        Assert.Equal(Bits(first), Bits(second));
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void Different_seeds_give_different_data(string generator)
    {
        var first = Generate(generator, 11);
        var second = Generate(generator, 12);

        Assert.NotEqual(Bits(first), Bits(second));
    }

    [Fact]
    public void Different_paths_give_independent_data_from_the_same_seed()
    {
        var train = SyntheticData.Moons(5, path: "data/train");
        var test = SyntheticData.Moons(5, path: "data/test");

        Assert.NotEqual(Bits(train), Bits(test));
    }

    [Fact]
    public void Changing_the_noise_keeps_the_labels_and_the_noise_free_positions()
    {
        var clean = SyntheticData.Moons(3, samples: 100, noise: 0);
        var noisy = SyntheticData.Moons(3, samples: 100, noise: 0.2);

        Assert.Equal(clean.Labels, noisy.Labels);
        var moved = clean.Features.Zip(noisy.Features, (a, b) => Math.Abs(a[0] - b[0]) + Math.Abs(a[1] - b[1])).ToArray();
        Assert.True(moved.Average() is > 0.1 and < 0.5, $"mean displacement {moved.Average()}");
    }

    [Fact]
    public void Blobs_have_the_requested_shape_and_balanced_classes()
    {
        var data = SyntheticData.Blobs(1, samples: 301, centers: 3, features: 4);

        Assert.Equal(301, data.Count);
        Assert.Equal(4, data.FeatureCount);
        Assert.All(data.Features, row => Assert.Equal(4, row.Length));
        Assert.Equal(["x0", "x1", "x2", "x3"], data.FeatureNames);
        Assert.Equal([101, 100, 100], data.ClassCounts());
        Assert.True(data.IsClassification);
        Assert.Null(data.Targets);
    }

    [Fact]
    public void Blob_points_spread_around_their_centre_with_the_given_deviation()
    {
        var data = SyntheticData.Blobs(2, samples: 6000, centers: 3, features: 2, clusterStandardDeviation: 0.5);

        for (var c = 0; c < 3; c++)
        {
            var points = data.Features.Where((_, i) => data.Labels![i] == c).ToArray();
            for (var j = 0; j < 2; j++)
            {
                var mean = points.Average(p => p[j]);
                var deviation = Math.Sqrt(points.Average(p => (p[j] - mean) * (p[j] - mean)));
                Assert.InRange(deviation, 0.45, 0.55);
                Assert.InRange(mean, -10.5, 10.5);
            }
        }
    }

    [Fact]
    public void Rows_are_not_sorted_by_class()
    {
        var data = SyntheticData.Circles(4, samples: 200);

        var firstHalf = data.Labels![..100];

        Assert.Contains(0, firstHalf);
        Assert.Contains(1, firstHalf);
    }

    [Fact]
    public void Noise_free_moons_lie_on_their_half_circles()
    {
        var data = SyntheticData.Moons(8, samples: 400, noise: 0);

        Assert.Equal([200, 200], data.ClassCounts());
        for (var i = 0; i < data.Count; i++)
        {
            var (x, y) = (data.Features[i][0], data.Features[i][1]);
            if (data.Labels![i] == 0)
            {
                Assert.Equal(1.0, Math.Sqrt((x * x) + (y * y)), 12);
                Assert.True(y >= 0, $"upper moon point below the axis: ({x}, {y})");
            }
            else
            {
                Assert.Equal(1.0, Math.Sqrt(((x - 1) * (x - 1)) + ((y - 0.5) * (y - 0.5))), 12);
                Assert.True(y <= 0.5, $"lower moon point above its centre: ({x}, {y})");
            }
        }
    }

    [Fact]
    public void Noise_free_circles_have_radius_one_and_factor()
    {
        var data = SyntheticData.Circles(9, samples: 300, noise: 0, factor: 0.3);

        for (var i = 0; i < data.Count; i++)
        {
            var radius = Math.Sqrt((data.Features[i][0] * data.Features[i][0]) + (data.Features[i][1] * data.Features[i][1]));
            Assert.Equal(data.Labels![i] == 0 ? 1.0 : 0.3, radius, 12);
        }
    }

    [Fact]
    public void Noisy_circles_keep_their_mean_radius()
    {
        var data = SyntheticData.Circles(9, samples: 4000, noise: 0.05, factor: 0.5);

        var outer = data.Features.Where((_, i) => data.Labels![i] == 0).Average(p => Math.Sqrt((p[0] * p[0]) + (p[1] * p[1])));
        var inner = data.Features.Where((_, i) => data.Labels![i] == 1).Average(p => Math.Sqrt((p[0] * p[0]) + (p[1] * p[1])));

        Assert.InRange(outer, 0.99, 1.01);
        Assert.InRange(inner, 0.49, 0.51);
    }

    [Fact]
    public void Noise_free_spiral_points_sit_on_their_arm()
    {
        var data = SyntheticData.Spirals(10, samples: 301, classes: 3, turns: 1.5, noise: 0);

        Assert.Equal([101, 100, 100], data.ClassCounts());
        for (var i = 0; i < data.Count; i++)
        {
            var (x, y) = (data.Features[i][0], data.Features[i][1]);
            var radius = Math.Sqrt((x * x) + (y * y));
            Assert.InRange(radius, 0, 1);
            var expected = 2 * Math.PI * ((1.5 * radius) + (data.Labels![i] / 3.0));
            Assert.Equal(x, radius * Math.Cos(expected), 9);
            Assert.Equal(y, radius * Math.Sin(expected), 9);
        }
    }

    [Theory]
    [InlineData(1000, new[] { 0.9, 0.1 }, new[] { 900, 100 })]
    [InlineData(100, new[] { 1.0, 2.0, 7.0 }, new[] { 10, 20, 70 })]
    [InlineData(100, new[] { 1.0, 1.0, 1.0 }, new[] { 34, 33, 33 })]
    [InlineData(10, new[] { 0.95, 0.05 }, new[] { 9, 1 })]
    [InlineData(7, new[] { 0.5, 0.3, 0.2 }, new[] { 4, 2, 1 })]
    [InlineData(9, new[] { 0.5, 0.5 }, new[] { 5, 4 })]
    public void Imbalanced_classes_have_exactly_the_requested_ratio(int samples, double[] ratios, int[] expected)
    {
        var data = SyntheticData.Imbalanced(3, samples, ratios);

        Assert.Equal(expected, data.ClassCounts());
        Assert.Equal(samples, data.Count);
    }

    [Fact]
    public void Imbalanced_class_centres_are_separation_apart()
    {
        var data = SyntheticData.Imbalanced(3, 20_000, [0.5, 0.5], features: 3, separation: 4);

        var means = Enumerable.Range(0, 2)
            .Select(c => Enumerable.Range(0, 3).Select(j => data.Features.Where((_, i) => data.Labels![i] == c).Average(p => p[j])).ToArray())
            .ToArray();

        var distance = Math.Sqrt(means[0].Zip(means[1], (a, b) => (a - b) * (a - b)).Sum());
        Assert.InRange(distance, 3.9, 4.1);
    }

    [Fact]
    public void A_class_that_would_get_no_rows_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.Imbalanced(1, 10, [0.99, 0.01]));

        Assert.Equal("samples", error.ParamName);
        Assert.Contains("Class 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("gets no rows", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadArguments => new()
    {
        { "blobs samples", "samples", "at least 3" },
        { "blobs centers", "centers", "at least 1" },
        { "blobs features", "features", "at least 1" },
        { "blobs deviation", "clusterStandardDeviation", "not negative" },
        { "blobs spread", "centerSpread", "finite" },
        { "moons samples", "samples", "at least 2" },
        { "moons noise", "noise", "not negative" },
        { "circles factor", "factor", "strictly between 0 and 1" },
        { "circles factor one", "factor", "strictly between 0 and 1" },
        { "spirals classes", "classes", "at least 2" },
        { "spirals turns", "turns", "positive" },
        { "imbalanced one class", "classRatios", "at least two classes" },
        { "imbalanced negative", "classRatios", "class 1 must be finite and positive" },
        { "imbalanced NaN", "classRatios", "class 0 must be finite and positive" },
        { "regression samples", "samples", "at least 1" },
        { "regression noise", "noise", "not negative" },
        { "nonlinear shape", "shape", "Unknown regression shape" },
        { "empty path", "path", "" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Bad_arguments_throw_with_a_clear_message(string call, string parameter, string message)
    {
        Action act = call switch
        {
            "blobs samples" => () => SyntheticData.Blobs(1, samples: 2, centers: 3),
            "blobs centers" => () => SyntheticData.Blobs(1, centers: 0),
            "blobs features" => () => SyntheticData.Blobs(1, features: 0),
            "blobs deviation" => () => SyntheticData.Blobs(1, clusterStandardDeviation: -1),
            "blobs spread" => () => SyntheticData.Blobs(1, centerSpread: double.PositiveInfinity),
            "moons samples" => () => SyntheticData.Moons(1, samples: 1),
            "moons noise" => () => SyntheticData.Moons(1, noise: double.NaN),
            "circles factor" => () => SyntheticData.Circles(1, factor: 0),
            "circles factor one" => () => SyntheticData.Circles(1, factor: 1),
            "spirals classes" => () => SyntheticData.Spirals(1, classes: 1),
            "spirals turns" => () => SyntheticData.Spirals(1, turns: 0),
            "imbalanced one class" => () => SyntheticData.Imbalanced(1, 100, [1.0]),
            "imbalanced negative" => () => SyntheticData.Imbalanced(1, 100, [1.0, -1.0]),
            "imbalanced NaN" => () => SyntheticData.Imbalanced(1, 100, [double.NaN, 1.0]),
            "regression samples" => () => SyntheticData.LinearRegression(1, samples: 0),
            "regression noise" => () => SyntheticData.LinearRegression(1, noise: -0.1),
            "nonlinear shape" => () => SyntheticData.NonLinearRegression(1, shape: (RegressionShape)7),
            "empty path" => () => SyntheticData.Moons(1, path: ""),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "No such case."),
        };

        var error = Assert.ThrowsAny<ArgumentException>(act);

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (call != "empty path")
        {
            Assert.IsType<ArgumentOutOfRangeException>(error);
        }
    }

    internal static SyntheticDataset Generate(string generator, ulong seed) => generator switch
    {
        "blobs" => SyntheticData.Blobs(seed),
        "moons" => SyntheticData.Moons(seed),
        "circles" => SyntheticData.Circles(seed),
        "spirals" => SyntheticData.Spirals(seed),
        "imbalanced" => SyntheticData.Imbalanced(seed, 500, [0.8, 0.2]),
        "linear-regression" => SyntheticData.LinearRegression(seed),
        "nonlinear-regression" => SyntheticData.NonLinearRegression(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(generator), generator, "No such generator."),
    };

    /// <summary>Every value of a dataset as raw bits, in order: features row by row, then labels or targets.</summary>
    internal static long[] Bits(SyntheticDataset data) =>
    [
        .. data.Features.SelectMany(row => row).Select(BitConverter.DoubleToInt64Bits),
        .. (data.Labels ?? []).Select(l => (long)l),
        .. (data.Targets ?? []).Select(BitConverter.DoubleToInt64Bits),
    ];
}
