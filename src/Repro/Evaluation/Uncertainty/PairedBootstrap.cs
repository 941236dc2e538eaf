namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// A paired bootstrap between two prediction sets of the same examples ("did B improve on A, or is it
/// noise?"): the rows are paired (by id, or by position when neither set has ids), every resample draws the
/// same rows for both, and the distribution of metric(B) - metric(A) over the resamples gives a percentile
/// interval, a p-value and a verdict.
/// </summary>
/// <remarks>
/// <para>Resample <c>i</c> draws from <c>new RandomStream(seed, "bootstrap/i")</c>, as <see cref="Bootstrap"/>
/// does; results are bit-identical for a seed, whatever the thread count.</para>
/// <para>The p-value is two-sided: with d the observed difference, R the resamples on which both values are
/// defined and k those whose difference is zero or on the other side of zero from d,
/// p = min(1, 2 (k + 1) / (R + 1)). The +1 counts the observed data as one of the resamples, the usual
/// correction of Monte Carlo p-values (Davison and Hinkley, Bootstrap Methods and their Application, 1997,
/// chapter 4), so p is never 0. When d is 0, p = 1. It is close to the smallest 1 - level whose percentile
/// interval still contains zero.</para>
/// <para>The verdict follows the interval: when it lies above zero, B's metric is higher (B is better when
/// higher is better, else A is); below zero the reverse; when it contains zero, "within noise".</para>
/// </remarks>
public static class PairedBootstrap
{
    /// <summary>Compares B with A on one metric.</summary>
    /// <param name="a">The baseline predictions.</param>
    /// <param name="b">The predictions compared with the baseline, of the same examples.</param>
    /// <param name="metric">A metric of the task (<see cref="MetricCatalog.NamesFor"/>).</param>
    /// <param name="options">Resamples, level, seed and metric options.</param>
    /// <exception cref="PredictionsMismatchException">The sets cannot be paired (tasks, classes, ids or labels differ).</exception>
    /// <exception cref="UnknownMetricException">The metric is unknown or does not apply to the task.</exception>
    /// <exception cref="MetricUndefinedException">The metric is undefined on all rows of A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PairedComparison Compare(Predictions a, Predictions b, string metric, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        options ??= new BootstrapOptions();
        options.Validate();
        var aligned = AlignedPredictions.Align(a, b);
        var metricOptions = options.Metric ?? new MetricOptions();
        var valueA = MetricCatalog.Compute(metric, aligned.A, metricOptions);
        var valueB = MetricCatalog.Compute(metric, aligned.B, metricOptions);
        var values = ResampleEvaluator.Evaluate([aligned.A, aligned.B], [metric], options);
        var differences = Percentile.SortedDefined(values[1][0].Select((b, i) => b - values[0][0][i]));
        var observed = valueB - valueA;
        var (low, high) = differences.Length == 0 ? (double.NaN, double.NaN) : Percentile.Interval(differences, options.Level);
        var higherIsBetter = MetricCatalog.HigherIsBetter(metric);
        var verdict = low > 0 ? (higherIsBetter ? ComparisonVerdict.BIsBetter : ComparisonVerdict.AIsBetter)
            : high < 0 ? (higherIsBetter ? ComparisonVerdict.AIsBetter : ComparisonVerdict.BIsBetter)
            : ComparisonVerdict.WithinNoise;
        return new PairedComparison(
            metric,
            higherIsBetter,
            aligned.A.Count,
            aligned.By,
            valueA,
            valueB,
            low,
            high,
            options.Level,
            PValue(observed, differences),
            verdict,
            options.Resamples,
            options.Resamples - differences.Length,
            options.Seed);
    }

    /// <summary>The two-sided bootstrap p-value with the +1 correction (see the remarks of <see cref="PairedBootstrap"/>).</summary>
    internal static double PValue(double observed, ReadOnlySpan<double> differences)
    {
        if (observed == 0 || double.IsNaN(observed) || differences.IsEmpty)
        {
            return 1;
        }

        var opposite = 0;
        foreach (var difference in differences)
        {
            if (observed > 0 ? difference <= 0 : difference >= 0)
            {
                opposite++;
            }
        }

        return Math.Min(1, 2.0 * (opposite + 1) / (differences.Length + 1));
    }
}
