namespace Repro.Profiling;

/// <summary>Keeps the phases of one run: which are open, and what the ended ones measured.</summary>
internal sealed class ProfileRecorder
{
    /// <summary>The most phase occurrences kept one by one (for the trace); later ones are counted only in the totals.</summary>
    public const int MaxKeptPhases = 10_000;

    private readonly Lock _gate = new();
    private readonly AsyncLocal<PhaseScope?> _current = new();
    private readonly List<PhaseScope> _open = [];
    private readonly List<PhaseRecord> _records = [];
    private readonly TimeProvider _time;
    private readonly double _runStartOffsetSeconds;
    private readonly ResourceSnapshot _runStart;
    private long _dropped;

    /// <param name="time">The clock.</param>
    /// <param name="runStartMs">When the run started (Unix ms): phase start times are relative to it, also in a process that attached later.</param>
    public ProfileRecorder(TimeProvider time, long runStartMs)
    {
        _time = time;
        _runStart = ResourceSnapshot.Take(time);
        _runStartOffsetSeconds = Math.Max(0, (time.GetUtcNow().ToUnixTimeMilliseconds() - runStartMs) / 1000.0);
    }

    /// <summary>How many phases ended beyond <see cref="MaxKeptPhases"/>.</summary>
    public long DroppedPhases => Interlocked.Read(ref _dropped);

    /// <summary>The counters when the recorder was created (the run's start in this process).</summary>
    public ResourceSnapshot RunStart => _runStart;

    /// <summary>Opens a phase nested in the one open on this flow, if any.</summary>
    public PhaseScope Begin(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A phase name cannot contain '/' (it separates nested phases): '{name}'.", nameof(name));
        }

        var scope = new PhaseScope(this, name, _current.Value, ResourceSnapshot.Take(_time));
        lock (_gate)
        {
            _open.Add(scope);
        }

        _current.Value = scope;
        return scope;
    }

    /// <summary>Passes a sampled resident memory to every open phase.</summary>
    public void ObserveRss(long bytes)
    {
        lock (_gate)
        {
            foreach (var scope in _open)
            {
                scope.ObserveRss(bytes);
            }
        }
    }

    /// <summary>Every phase recorded so far, in the order they ended.</summary>
    public IReadOnlyList<PhaseRecord> Records()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }

    /// <summary>The whole run in this process so far, measured like a phase.</summary>
    public PhaseRecord WholeRun(long sampledPeakRss) => Measure("run", "run", 0, _runStart, ResourceSnapshot.Take(_time), sampledPeakRss);

    /// <summary>Measures and keeps an ended phase; returns its record (also when too many were kept to keep this one).</summary>
    internal PhaseRecord End(PhaseScope scope)
    {
        var end = ResourceSnapshot.Take(_time);
        var record = Measure(scope.Name, scope.Path, scope.Depth, scope.Start, end, scope.MaxSampledRss);
        lock (_gate)
        {
            _open.Remove(scope);
            if (_records.Count < MaxKeptPhases)
            {
                _records.Add(record);
            }
            else
            {
                _dropped++;
            }
        }

        if (ReferenceEquals(_current.Value, scope))
        {
            _current.Value = scope.Parent;
        }

        return record;
    }

    private PhaseRecord Measure(string name, string path, int depth, ResourceSnapshot start, ResourceSnapshot end, long sampledPeak)
    {
        var peak = Math.Max(Math.Max(start.RssBytes, end.RssBytes), sampledPeak);
        if (end.PeakRssBytes > start.PeakRssBytes)
        {
            // The process reached a new all-time high inside the phase: that high is the phase's exact peak.
            peak = Math.Max(peak, end.PeakRssBytes);
        }

        return new PhaseRecord(
            name,
            path,
            depth,
            _runStartOffsetSeconds + _time.GetElapsedTime(_runStart.Timestamp, start.Timestamp).TotalSeconds,
            _time.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds,
            end.CpuUserSeconds - start.CpuUserSeconds,
            end.CpuSystemSeconds - start.CpuSystemSeconds,
            end.AllocatedBytes - start.AllocatedBytes,
            end.Gen0 - start.Gen0,
            end.Gen1 - start.Gen1,
            end.Gen2 - start.Gen2,
            (end.GcPause - start.GcPause).TotalSeconds,
            peak);
    }
}
