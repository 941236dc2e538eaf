namespace Repro.MLNet.Evaluation;

/// <summary>One metric as ML.NET and Repro compute it on the same scored rows.</summary>
/// <param name="Metric">Repro's (scikit-learn's) name, such as <c>log_loss</c>; clustering metrics, which Repro's catalog
/// has not, are named <c>average_distance</c>, <c>davies_bouldin</c> and <c>normalized_mutual_info</c>.</param>
/// <param name="MLNetMetric">The property of ML.NET's metrics object, such as <c>LogLoss</c>.</param>
/// <param name="MLNetValue">The value as ML.NET reports it, in its units.</param>
/// <param name="ComparedValue">ML.NET's value in Repro's units (equal to <paramref name="MLNetValue"/> unless the note names a conversion).</param>
/// <param name="ReproValue">Repro's value; NaN when Repro's metric is undefined on these rows (the note says why).</param>
/// <param name="Tolerance">The largest difference taken as agreement, relative to max(1, |values|).</param>
/// <param name="Agreement">Whether the values agree, differ by a known difference of definition, or disagree.</param>
/// <param name="Note">A unit conversion that was applied, the definitional difference that explains a gap, or null.</param>
public sealed record MetricComparison(
    string Metric,
    string MLNetMetric,
    double MLNetValue,
    double ComparedValue,
    double ReproValue,
    double Tolerance,
    MetricAgreement Agreement,
    string? Note)
{
    /// <summary>Repro's value minus ML.NET's (in Repro's units).</summary>
    public double Difference => ReproValue - ComparedValue;
}
