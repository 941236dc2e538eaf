namespace Repro.Profiling;

/// <summary>One measured phase of a run: what <see cref="PhaseScope"/> recorded between its start and its end.</summary>
/// <remarks>
/// CPU times, allocation and GC counts are those of the whole process (all threads) while the phase was
/// open: nested phases are included in their parent's, and phases open at the same time on several
/// threads each count everything the process did. Peak resident memory is the highest of: the resident
/// memory at the phase's start and end, every sample the system sampler took while it was open, and the
/// process's all-time peak (VmHWM) when that rose during the phase (then it is exact).
/// </remarks>
/// <param name="Name">The name given to <see cref="Tracking.Run.Phase(string)"/>.</param>
/// <param name="Path">The names of the open phases it is nested in and its own, joined by '/', such as "train/epoch".</param>
/// <param name="Depth">0 for a top-level phase, 1 inside one, and so on.</param>
/// <param name="StartSeconds">When it started, in seconds after the run started.</param>
/// <param name="WallSeconds">Elapsed wall-clock time, in seconds.</param>
/// <param name="CpuUserSeconds">User CPU time of the process, in seconds.</param>
/// <param name="CpuSystemSeconds">System (kernel) CPU time of the process, in seconds.</param>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap by every thread.</param>
/// <param name="Gen0Collections">Generation 0 garbage collections.</param>
/// <param name="Gen1Collections">Generation 1 garbage collections.</param>
/// <param name="Gen2Collections">Generation 2 (full) garbage collections.</param>
/// <param name="GcPauseSeconds">Time the runtime was paused for garbage collection, in seconds.</param>
/// <param name="PeakRssBytes">The highest resident memory seen while it was open, in bytes.</param>
public sealed record PhaseRecord(
    string Name,
    string Path,
    int Depth,
    double StartSeconds,
    double WallSeconds,
    double CpuUserSeconds,
    double CpuSystemSeconds,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseSeconds,
    long PeakRssBytes);
