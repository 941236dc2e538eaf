namespace Repro.Replay;

/// <summary>A metric whose values differed within its declared tolerance.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="MaxAbsDifference">The largest |original - replay| over its points.</param>
/// <param name="Tolerance">The declared tolerance.</param>
/// <param name="PointsDiffering">How many points differed.</param>
internal sealed record ToleratedMetric(string Metric, double MaxAbsDifference, double Tolerance, int PointsDiffering);
