namespace Repro.Profiling;

/// <summary>The fields of <c>/proc/PID/stat</c> the profiler uses.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="ParentPid">The parent's process id.</param>
/// <param name="State">The state letter (R, S, D, Z, ...).</param>
/// <param name="CpuTicks">User plus system CPU time, in clock ticks.</param>
/// <param name="UserTicks">User CPU time, in clock ticks.</param>
/// <param name="SystemTicks">System CPU time, in clock ticks.</param>
/// <param name="Threads">How many threads it has.</param>
/// <param name="StartTicks">When it started, in clock ticks after boot: with the pid, it names one process even when pids are reused.</param>
/// <param name="RssBytes">Its resident memory now, in bytes.</param>
internal readonly record struct ProcStat(
    int Pid, int ParentPid, char State, long CpuTicks, long UserTicks, long SystemTicks, int Threads, long StartTicks, long RssBytes);
