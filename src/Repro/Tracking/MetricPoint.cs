namespace Repro.Tracking;

/// <summary>
/// One observation of a metric. Metrics are append-only series; NaN and the infinities are valid
/// values and are stored bit for bit.
/// </summary>
/// <param name="Key">The metric name (see <see cref="TrackingLimits"/>).</param>
/// <param name="Value">The observed value.</param>
/// <param name="Step">The training step or epoch the value belongs to; 0 when the caller gives none.</param>
/// <param name="TimestampMs">When it was logged, in milliseconds since the Unix epoch (UTC).</param>
public readonly record struct MetricPoint(string Key, double Value, long Step, long TimestampMs);
