namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// Seeded bootstrap confidence intervals for any metric: draw the rows with replacement many times,
/// compute the metric on each resample, and take the central percentiles of those values.
/// </summary>
/// <remarks>
/// <para>Resample <c>i</c> draws its n rows from <c>new RandomStream(seed, "bootstrap/i")</c>: the same seed
/// gives bit-identical intervals in every process and whatever the thread count, and every metric (and
/// <see cref="PairedBootstrap"/>) sees the same resamples.</para>
/// <para>Intervals are percentile intervals: the (1 - level) / 2 and (1 + level) / 2 quantiles of the
/// resampled values, interpolated linearly between ranks (NumPy's default). Resamples on which the metric
/// is undefined are left out and counted in <see cref="BootstrapInterval.UndefinedResamples"/>.</para>
/// </remarks>
public static class Bootstrap
{
    /// <summary>One metric's value and confidence interval.</summary>
    /// <exception cref="UnknownMetricException">The metric is unknown or does not apply to the task.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static BootstrapInterval Interval(Predictions predictions, string metric, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return Intervals(predictions, [metric], options)[0];
    }

    /// <summary>
    /// Values and confidence intervals of several metrics, all from the same resamples; by default every
    /// metric of the task (<see cref="MetricCatalog.ComputeAll(Predictions, MetricOptions?)"/>), in the catalog's order.
    /// </summary>
    /// <exception cref="UnknownMetricException">A metric is unknown or does not apply to the task.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IReadOnlyList<BootstrapInterval> Intervals(Predictions predictions, IReadOnlyList<string>? metrics = null, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        options ??= new BootstrapOptions();
        options.Validate();
        var metricOptions = options.Metric ?? new MetricOptions();
        var points = metrics is null
            ? MetricCatalog.ComputeAll(predictions, metricOptions)
            : metrics.Select(name => PointValue(name, predictions, metricOptions)).ToList();
        var defined = points.Where(p => !double.IsNaN(p.Value)).Select(p => p.Name).ToList();
        var values = defined.Count == 0 ? [] : ResampleEvaluator.Evaluate([predictions], defined, options)[0];
        return points.Select(point =>
        {
            var index = defined.IndexOf(point.Name);
            if (index < 0)
            {
                return new BootstrapInterval(point.Name, double.NaN, double.NaN, double.NaN, options.Level, options.Resamples, 0, options.Seed,
                    point.UndefinedReason ?? "undefined on these predictions");
            }

            var sorted = Percentile.SortedDefined(values[index]);
            var (low, high) = sorted.Length == 0 ? (double.NaN, double.NaN) : Percentile.Interval(sorted, options.Level);
            return new BootstrapInterval(point.Name, point.Value, low, high, options.Level, options.Resamples, options.Resamples - sorted.Length, options.Seed, null);
        }).ToList();
    }

    private static MetricValue PointValue(string name, Predictions predictions, MetricOptions options)
    {
        try
        {
            var value = MetricCatalog.Compute(name, predictions, options);
            return new MetricValue(name, value, double.IsNaN(value) ? "undefined on these predictions" : null);
        }
        catch (MetricUndefinedException ex)
        {
            return new MetricValue(name, double.NaN, ex.Message);
        }
    }
}
