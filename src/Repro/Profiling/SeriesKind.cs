namespace Repro.Profiling;

/// <summary>How a sampled series is summarised over a window.</summary>
internal enum SeriesKind
{
    /// <summary>A level (CPU %, memory): the window's mean, and its maximum under <c>KEY_max</c>.</summary>
    Gauge,

    /// <summary>A running total (bytes read, energy): the value at the window's end.</summary>
    Total,
}
