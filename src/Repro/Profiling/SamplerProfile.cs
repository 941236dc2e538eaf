namespace Repro.Profiling;

/// <summary>The system sampler of a run, as stored in its <see cref="RunProfile"/>.</summary>
/// <param name="IntervalSeconds">Seconds between samples.</param>
/// <param name="SamplesPerWindow">Samples per logged window.</param>
/// <param name="SamplerCpuSeconds">CPU time the sampling thread itself used, in seconds.</param>
/// <param name="Series">Every sampled series over the whole run.</param>
internal sealed record SamplerProfile(double IntervalSeconds, int SamplesPerWindow, double SamplerCpuSeconds, IReadOnlyList<SeriesSummary> Series);
