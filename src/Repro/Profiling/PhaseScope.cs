namespace Repro.Profiling;

/// <summary>
/// An open phase of a run, from <see cref="Tracking.Run.Phase(string)"/> until it is disposed. Phases nest:
/// one started while another is open (on the same thread or async flow) is recorded inside it.
/// </summary>
/// <example><code>
/// using (run.Phase("train"))
/// {
///     for (var epoch = 0; epoch &lt; 3; epoch++)
///     {
///         using var _ = run.Phase("epoch");
///         Train(epoch);
///     }
/// }
/// </code></example>
public sealed class PhaseScope : IDisposable
{
    private readonly ProfileRecorder _recorder;
    private readonly ResourceSnapshot _start;
    private long _maxSampledRss;
    private int _ended;
    private PhaseRecord? _record;

    internal PhaseScope(ProfileRecorder recorder, string name, PhaseScope? parent, ResourceSnapshot start)
    {
        _recorder = recorder;
        Name = name;
        Parent = parent;
        Path = parent is null ? name : $"{parent.Path}/{name}";
        Depth = parent is null ? 0 : parent.Depth + 1;
        _start = start;
    }

    /// <summary>The phase's name.</summary>
    public string Name { get; }

    /// <summary>The names of the phases it is nested in and its own, joined by '/'.</summary>
    public string Path { get; }

    /// <summary>0 for a top-level phase, 1 inside one, and so on.</summary>
    public int Depth { get; }

    /// <summary>
    /// What the phase measured (wall and CPU time, allocations, collections, peak resident memory), once it has
    /// ended; null while it is open. The same figures the run's profile stores (<c>repro profile RUN</c>), for a
    /// program that prints or compares them itself; the caller's own thread sees them as soon as
    /// <see cref="Dispose"/> returns.
    /// </summary>
    public PhaseRecord? Record => Volatile.Read(ref _record);

    internal PhaseScope? Parent { get; }

    internal ResourceSnapshot Start => _start;

    internal long MaxSampledRss => Interlocked.Read(ref _maxSampledRss);

    /// <summary>Ends the phase and records it. Only the first call has an effect.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            Volatile.Write(ref _record, _recorder.End(this));
        }
    }

    /// <summary>Raises the highest resident memory seen while the phase is open (called by the sampler).</summary>
    internal void ObserveRss(long bytes)
    {
        var seen = Interlocked.Read(ref _maxSampledRss);
        while (bytes > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxSampledRss, bytes, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
