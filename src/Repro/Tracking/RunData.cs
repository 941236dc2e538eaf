namespace Repro.Tracking;

/// <summary>
/// What a run has logged: its params, tags, and the latest value of each metric (MLflow's rule: the
/// point with the highest step, then the latest timestamp).
/// </summary>
/// <param name="Params">Write-once string params, by key.</param>
/// <param name="Tags">Mutable string tags, by key.</param>
/// <param name="LatestMetrics">The latest point of each metric, by key.</param>
public sealed record RunData(
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, MetricPoint> LatestMetrics);
