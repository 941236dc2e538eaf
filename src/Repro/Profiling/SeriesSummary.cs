namespace Repro.Profiling;

/// <summary>A sampled series over a whole run.</summary>
/// <param name="Key">The metric key.</param>
/// <param name="Samples">How many samples it has.</param>
/// <param name="Mean">The mean of its samples.</param>
/// <param name="Max">Its highest sample.</param>
/// <param name="Last">Its last sample.</param>
internal sealed record SeriesSummary(string Key, int Samples, double Mean, double Max, double Last);
