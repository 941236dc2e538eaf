namespace Repro.Replay;

/// <summary>The verdict of comparing a replay with its original, with what was compared.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Difference">The first difference when <see cref="ReplayVerdict.Different"/>, else null.</param>
/// <param name="Tolerated">Metrics that differed within tolerance.</param>
/// <param name="Params">Params compared.</param>
/// <param name="Metrics">Metric keys compared.</param>
/// <param name="MetricPoints">Metric points compared.</param>
/// <param name="Outputs">Output files compared.</param>
internal sealed record RunComparisonResult(
    ReplayVerdict Verdict,
    ReplayDifference? Difference,
    IReadOnlyList<ToleratedMetric> Tolerated,
    int Params,
    int Metrics,
    long MetricPoints,
    int Outputs);
