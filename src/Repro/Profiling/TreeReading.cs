namespace Repro.Profiling;

/// <summary>The totals of a <see cref="ProcessTree"/> at one refresh.</summary>
/// <param name="Pids">The processes in the tree now.</param>
/// <param name="RssBytes">Their resident memory, summed, in bytes.</param>
/// <param name="PeakBytes">The highest of: any one process's peak resident memory (VmHWM), and the summed resident memory at any refresh so far.</param>
/// <param name="Threads">Their threads, summed.</param>
/// <param name="CpuSeconds">CPU time (user + system) used by the tree since it was first read.</param>
/// <param name="UserSeconds">User CPU time since it was first read.</param>
/// <param name="SystemSeconds">System CPU time since it was first read.</param>
/// <param name="ReadBytes">Bytes read from storage since it was first read.</param>
/// <param name="WriteBytes">Bytes written to storage since it was first read.</param>
internal sealed record TreeReading(
    IReadOnlyList<int> Pids, long RssBytes, long PeakBytes, int Threads, double CpuSeconds, double UserSeconds, double SystemSeconds, long ReadBytes, long WriteBytes);
