using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation;

public sealed class ResampleMetricsTests
{
    [Theory]
    [InlineData(PredictionTask.Binary, 1)]
    [InlineData(PredictionTask.Binary, 2)]
    [InlineData(PredictionTask.Multiclass, 3)]
    [InlineData(PredictionTask.Multiclass, 4)]
    [InlineData(PredictionTask.Regression, 5)]
    [InlineData(PredictionTask.Regression, 6)]
    public void Every_metric_of_a_resample_is_bit_identical_to_scoring_the_selected_rows(PredictionTask task, int seed)
    {
        var random = new RandomStream((ulong)seed, "tests/resample-metrics");
        var predictions = Generate(task, 3_000, random);

        AssertResamplesMatchTheCatalog(predictions, random, resamples: 8, new MetricOptions());
    }

    [Fact]
    public void A_binary_threshold_other_than_the_default_is_applied_to_the_weighted_counts()
    {
        var random = new RandomStream(7, "tests/resample-metrics/threshold");
        var predictions = Generate(PredictionTask.Binary, 1_000, random);

        AssertResamplesMatchTheCatalog(predictions, random, resamples: 5, new MetricOptions { Threshold = 0.3 });
    }

    [Fact]
    public void Undefined_metrics_of_tiny_resamples_are_NaN_where_the_catalog_refuses()
    {
        // Resamples of five rows often hold one class; one score is outside [0, 1] (no Brier score when drawn).
        var binary = Predictions.Binary([1, 0, 0, 1, 0], [0.9, 1.5, 0.2, 0.2, 0.4]);
        var multiclass = Predictions.Multiclass([0, 2, 1, 2], [0.5, 0.5, 0, 0.2, 0.2, 0.6, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4], ["a", "b", "c"]);
        var regression = Predictions.Regression([0.0, 2.0, 2.0, 0.0], [0.0, 2.5, 2.0, -1.0]);
        var random = new RandomStream(8, "tests/resample-metrics/tiny");

        foreach (var predictions in new[] { binary, multiclass, regression })
        {
            AssertResamplesMatchTheCatalog(predictions, random, resamples: 60, new MetricOptions());
        }
    }

    [Fact]
    public void Only_multiclass_roc_auc_lacks_a_fast_path()
    {
        var random = new RandomStream(9, "tests/resample-metrics/covers");
        var uncovered = new List<string>();

        foreach (var task in Enum.GetValues<PredictionTask>())
        {
            var names = MetricCatalog.NamesFor(task);
            var metrics = ResampleMetrics.Build(Generate(task, 10, random), names, null);
            uncovered.AddRange(names.Where((_, m) => !metrics.Covers(m)));
        }

        Assert.Equal(["roc_auc_ovr_macro", "roc_auc_ovo_macro"], uncovered);
    }

    [Fact]
    public void The_order_of_the_drawn_rows_does_not_matter()
    {
        var random = new RandomStream(10, "tests/resample-metrics/order");
        var predictions = Generate(PredictionTask.Binary, 500, random);
        var names = MetricCatalog.NamesFor(PredictionTask.Binary);
        var metrics = ResampleMetrics.Build(predictions, names, null);
        var rows = random.SampleWithReplacement(predictions.Count, predictions.Count);
        var shuffled = rows.ToArray();
        random.Shuffle(shuffled.AsSpan());

        var inOrder = Evaluate(metrics, rows, names.Count);
        var reordered = Evaluate(metrics, shuffled, names.Count);

        Assert.Equal(inOrder.Select(BitConverter.DoubleToInt64Bits), reordered.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void An_unknown_metric_is_refused_with_the_catalogs_error()
    {
        var predictions = Predictions.Regression([1.0, 2.0], [1.0, 2.0]);

        Assert.Throws<UnknownMetricException>(() => ResampleMetrics.Build(predictions, ["accuracy"], null));
    }

    private static void AssertResamplesMatchTheCatalog(Predictions predictions, RandomStream random, int resamples, MetricOptions options)
    {
        var names = MetricCatalog.NamesFor(predictions.Task);
        var metrics = ResampleMetrics.Build(predictions, names, options);
        for (var b = 0; b < resamples; b++)
        {
            var rows = random.SampleWithReplacement(predictions.Count, predictions.Count);
            var fast = Evaluate(metrics, rows, names.Count);
            var resample = predictions.Select(rows);
            for (var m = 0; m < names.Count; m++)
            {
                if (metrics.Covers(m))
                {
                    var expected = CatalogValueOrNaN(names[m], resample, options);
                    Assert.True(
                        BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(fast[m]) || (double.IsNaN(expected) && double.IsNaN(fast[m])),
                        $"{names[m]} of resample {b}: catalog {expected:R}, fast path {fast[m]:R}");
                }
            }
        }
    }

    private static double[] Evaluate(ResampleMetrics metrics, int[] rows, int count)
    {
        var weights = new int[metrics.Count];
        var values = new double[count];
        metrics.Weigh(rows, weights);
        metrics.Evaluate(weights, values);
        return values;
    }

    private static double CatalogValueOrNaN(string name, Predictions predictions, MetricOptions options)
    {
        try
        {
            return MetricCatalog.Compute(name, predictions, options);
        }
        catch (MetricUndefinedException)
        {
            return double.NaN;
        }
    }

    /// <summary>Seeded sets whose scores, targets and estimates are rounded, so many tie (and some targets are 0).</summary>
    private static Predictions Generate(PredictionTask task, int count, RandomStream random)
    {
        switch (task)
        {
            case PredictionTask.Binary:
            {
                var labels = new int[count];
                var scores = new double[count];
                for (var i = 0; i < count; i++)
                {
                    labels[i] = random.NextDouble() < 0.4 ? 1 : 0;
                    scores[i] = Math.Round(Math.Clamp(random.NextDouble() + (labels[i] == 1 ? 0.2 : -0.2), 0, 1) * 20) / 20;
                }

                return Predictions.Binary(labels, scores);
            }

            case PredictionTask.Multiclass:
            {
                const int Width = 4;
                var labels = new int[count];
                var scores = new double[count * Width];
                for (var i = 0; i < count; i++)
                {
                    labels[i] = random.NextInt(Width);
                    var total = 0.0;
                    for (var k = 0; k < Width; k++)
                    {
                        scores[(i * Width) + k] = random.NextInt(4) + (k == labels[i] ? 1 : 0);
                        total += scores[(i * Width) + k];
                    }

                    for (var k = 0; k < Width; k++)
                    {
                        scores[(i * Width) + k] = total == 0 ? 0.25 : scores[(i * Width) + k] / total;
                    }
                }

                return Predictions.Multiclass(labels, scores, ["a", "b", "c", "d"]);
            }

            default:
            {
                var targets = new double[count];
                var estimates = new double[count];
                for (var i = 0; i < count; i++)
                {
                    targets[i] = Math.Round(random.NextNormal(0, 3));
                    estimates[i] = Math.Round((targets[i] + random.NextNormal(0, 1)) * 10) / 10;
                }

                return Predictions.Regression(targets, estimates);
            }
        }
    }
}
