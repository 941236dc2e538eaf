namespace Repro.Evaluation.Uncertainty;

/// <summary>A metric's value on all rows and its bootstrap percentile confidence interval.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Value">The value on all rows; NaN when undefined (see <paramref name="UndefinedReason"/>).</param>
/// <param name="Low">The lower end of the interval; NaN when the value or every resample is undefined.</param>
/// <param name="High">The upper end of the interval; NaN likewise.</param>
/// <param name="Level">The confidence level, such as 0.95.</param>
/// <param name="Resamples">The number of resamples drawn.</param>
/// <param name="UndefinedResamples">
/// How many resamples the metric was undefined on (a resample with a single class, say); they are left out of
/// the interval, which is taken over the others.
/// </param>
/// <param name="Seed">The seed the resamples were drawn from.</param>
/// <param name="UndefinedReason">Why the value is undefined, or null.</param>
public sealed record BootstrapInterval(
    string Metric,
    double Value,
    double Low,
    double High,
    double Level,
    int Resamples,
    int UndefinedResamples,
    ulong Seed,
    string? UndefinedReason);
