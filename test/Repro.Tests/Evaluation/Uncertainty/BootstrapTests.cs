using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;

namespace Repro.Tests.Evaluation.Uncertainty;

public sealed class BootstrapTests
{
    [Fact]
    public void The_interval_is_the_percentiles_of_the_metric_over_the_seeded_resamples()
    {
        var predictions = TestPredictions.Binary(300, seed: 1);
        var options = new BootstrapOptions { Resamples = 200, Seed = 17 };

        var interval = Bootstrap.Interval(predictions, "accuracy", options);

        // The same resamples, drawn and scored here with an accuracy computed by the test itself.
        var rows = new int[predictions.Count];
        var values = new double[options.Resamples];
        for (var i = 0; i < options.Resamples; i++)
        {
            BootstrapResample.Draw(17, i, rows);
            values[i] = TestPredictions.Accuracy(predictions.Select(rows));
        }

        Array.Sort(values);
        var (low, high) = Percentile.Interval(values, 0.95);
        Assert.Equal(TestPredictions.Accuracy(predictions), interval.Value);
        Assert.Equal(low, interval.Low);
        Assert.Equal(high, interval.High);
        Assert.Equal(0, interval.UndefinedResamples);
        Assert.True(interval.Low < interval.Value && interval.Value < interval.High);
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_intervals_and_another_seed_different_ones()
    {
        var predictions = TestPredictions.Binary(500, seed: 2);

        var first = Bootstrap.Intervals(predictions, ["accuracy", "roc_auc"], new BootstrapOptions { Resamples = 300, Seed = 3 });
        var again = Bootstrap.Intervals(predictions, ["accuracy", "roc_auc"], new BootstrapOptions { Resamples = 300, Seed = 3 });
        var other = Bootstrap.Intervals(predictions, ["accuracy", "roc_auc"], new BootstrapOptions { Resamples = 300, Seed = 4 });

        Assert.Equal(first, again);
        Assert.NotEqual(first[1].Low, other[1].Low);
    }

    [Fact]
    public void Intervals_do_not_depend_on_the_thread_count()
    {
        var predictions = TestPredictions.Binary(1_000, seed: 6);

        var one = Bootstrap.Intervals(predictions, ["roc_auc", "accuracy"], new BootstrapOptions { Resamples = 257, Seed = 8, MaxDegreeOfParallelism = 1 });
        var three = Bootstrap.Intervals(predictions, ["roc_auc", "accuracy"], new BootstrapOptions { Resamples = 257, Seed = 8, MaxDegreeOfParallelism = 3 });

        Assert.Equal(one, three);
    }

    [Fact]
    public void By_default_every_metric_of_the_task_gets_an_interval_in_the_catalogs_order()
    {
        var predictions = TestPredictions.Binary(200, seed: 7);

        var intervals = Bootstrap.Intervals(predictions, options: new BootstrapOptions { Resamples = 50 });

        Assert.Equal(MetricCatalog.NamesFor(PredictionTask.Binary), intervals.Select(i => i.Metric));
        Assert.Equal(MetricCatalog.ComputeAll(predictions).Select(v => v.Value), intervals.Select(i => i.Value));
    }

    [Fact]
    public void Every_metrics_interval_is_that_of_the_materialised_resamples_bit_for_bit()
    {
        var predictions = TestPredictions.Binary(400, seed: 10, levels: 5);
        var options = new BootstrapOptions { Resamples = 60, Seed = 11 };

        var intervals = Bootstrap.Intervals(predictions, options: options);

        var rows = new int[predictions.Count];
        foreach (var interval in intervals)
        {
            var values = new double[options.Resamples];
            for (var i = 0; i < options.Resamples; i++)
            {
                BootstrapResample.Draw(11, i, rows);
                values[i] = MetricCatalog.Compute(interval.Metric, predictions.Select(rows));
            }

            Array.Sort(values);
            var (low, high) = Percentile.Interval(values, 0.95);
            Assert.Equal(BitConverter.DoubleToInt64Bits(low), BitConverter.DoubleToInt64Bits(interval.Low));
            Assert.Equal(BitConverter.DoubleToInt64Bits(high), BitConverter.DoubleToInt64Bits(interval.High));
        }
    }

    [Fact]
    public void Intervals_of_every_metric_of_every_task_do_not_depend_on_the_thread_count()
    {
        var sets = new[]
        {
            TestPredictions.Binary(700, seed: 12),
            Predictions.Multiclass([0, 1, 2, 1, 0, 2, 2, 1], [0.6, 0.2, 0.2, 0.1, 0.5, 0.4, 0.3, 0.3, 0.4, 0.2, 0.6, 0.2, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8, 0.5, 0.25, 0.25, 0.3, 0.3, 0.4], ["a", "b", "c"]),
            Predictions.Regression([0.0, 1.0, 2.0, 2.0, 5.0, -1.0], [0.5, 1.0, 2.5, 1.0, 4.0, -1.0]),
        };

        foreach (var predictions in sets)
        {
            var one = Bootstrap.Intervals(predictions, options: new BootstrapOptions { Resamples = 129, Seed = 13, MaxDegreeOfParallelism = 1 });
            var three = Bootstrap.Intervals(predictions, options: new BootstrapOptions { Resamples = 129, Seed = 13, MaxDegreeOfParallelism = 3 });

            Assert.Equal(MetricCatalog.NamesFor(predictions.Task), one.Select(i => i.Metric));
            Assert.Equal(one, three);
        }
    }

    [Fact]
    public void Resamples_where_the_metric_is_undefined_are_left_out_and_counted()
    {
        // One positive in six rows: a resample without it has a single class, and no ROC-AUC.
        var predictions = Predictions.Binary([1, 0, 0, 0, 0, 0], [0.9, 0.1, 0.2, 0.95, 0.4, 0.5]);
        var options = new BootstrapOptions { Resamples = 400, Seed = 1 };

        var interval = Bootstrap.Interval(predictions, "roc_auc", options);

        var rows = new int[6];
        var withoutPositive = 0;
        for (var i = 0; i < options.Resamples; i++)
        {
            BootstrapResample.Draw(1, i, rows);
            withoutPositive += rows.Contains(0) ? 0 : 1;
        }

        Assert.True(withoutPositive > 0);
        Assert.Equal(withoutPositive, interval.UndefinedResamples);
        Assert.True(double.IsFinite(interval.Low) && double.IsFinite(interval.High));
    }

    [Fact]
    public void A_metric_undefined_on_all_rows_has_no_interval_and_says_why()
    {
        var predictions = Predictions.Binary([1, 1, 1], [0.9, 0.1, 0.2]);

        var interval = Bootstrap.Interval(predictions, "roc_auc", new BootstrapOptions { Resamples = 10 });

        Assert.True(double.IsNaN(interval.Value) && double.IsNaN(interval.Low) && double.IsNaN(interval.High));
        Assert.NotNull(interval.UndefinedReason);
    }

    [Fact]
    public void Regression_and_multiclass_metrics_are_resampled_too()
    {
        var regression = Predictions.Regression([1.0, 2.0, 3.0, 4.0, 5.0], [1.5, 2.0, 2.0, 4.5, 6.0]);
        var multiclass = Predictions.Multiclass([0, 1, 2, 1], [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4, 0.6, 0.3, 0.1], ["a", "b", "c"]);

        var mse = Bootstrap.Interval(regression, "mse", new BootstrapOptions { Resamples = 100 });
        var accuracy = Bootstrap.Interval(multiclass, "accuracy", new BootstrapOptions { Resamples = 100 });

        Assert.Equal(0.5, mse.Value);
        Assert.True(mse.Low >= 0 && mse.Low <= mse.High && mse.High <= 1.0);
        Assert.Equal(0.75, accuracy.Value);
        Assert.True(accuracy.Low <= 0.75 && accuracy.High <= 1);
    }

    [Fact]
    public void An_unknown_metric_is_refused_with_the_catalogs_error()
    {
        var predictions = TestPredictions.Binary(10, seed: 1);

        Assert.Throws<UnknownMetricException>(() => Bootstrap.Interval(predictions, "no_such_metric"));
    }

    [Theory]
    [InlineData(0, 0.95)]
    [InlineData(100, 1.0)]
    [InlineData(100, 0.0)]
    [InlineData(100, double.NaN)]
    public void Options_out_of_range_are_refused(int resamples, double level)
    {
        var predictions = TestPredictions.Binary(10, seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.Interval(predictions, "accuracy", new BootstrapOptions { Resamples = resamples, Level = level }));
    }
}
