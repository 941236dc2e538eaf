namespace Repro.Tracking;

/// <summary>
/// The process that drives a run's life cycle. Lets a reader on the same host tell a live run from one
/// whose process died without ending it, even when the process id has been reused.
/// </summary>
/// <param name="Host">The machine name.</param>
/// <param name="ProcessId">The operating-system process id.</param>
/// <param name="ProcessStartTicks">The process start time as the kernel reports it (Linux: clock ticks since boot); 0 when unknown.</param>
public sealed record RunOwner(string Host, int ProcessId, long ProcessStartTicks);
