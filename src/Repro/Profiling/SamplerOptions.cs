namespace Repro.Profiling;

/// <summary>How the background system sampler of a run works.</summary>
public sealed record SamplerOptions
{
    /// <summary>When true (the default) a run samples system metrics (<see cref="SystemMetrics"/>) on a background thread.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often to sample; default 1 s. A run shorter than one interval logs no system metrics.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many samples make one logged window; default 5. Each window is logged as its mean and its
    /// maximum, so fewer points reach the store while peaks stay visible.
    /// </summary>
    public int SamplesPerWindow { get; init; } = 5;
}
