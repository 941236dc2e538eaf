namespace Repro.Profiling;

/// <summary>The values the probes read at one sample.</summary>
internal sealed class SampleReadings
{
    private readonly List<(string Key, double Value, SeriesKind Kind)> _values = [];

    /// <summary>The values read, in probe order.</summary>
    public IReadOnlyList<(string Key, double Value, SeriesKind Kind)> Values => _values;

    /// <summary>The resident memory of the measured processes, in bytes, when a probe read it.</summary>
    public long? ProcessRssBytes { get; set; }

    /// <summary>Adds a level, summarised by mean and maximum.</summary>
    public void Gauge(string key, double value) => _values.Add((key, value, SeriesKind.Gauge));

    /// <summary>Adds a running total, summarised by its last value.</summary>
    public void Total(string key, double value) => _values.Add((key, value, SeriesKind.Total));

    /// <summary>Empties the readings for the next sample.</summary>
    public void Clear()
    {
        _values.Clear();
        ProcessRssBytes = null;
    }
}
