namespace Repro.Artifacts;

/// <summary>What garbage collection found and (unless a dry run) removed.</summary>
/// <param name="Reachable">Objects reachable from versions, aliases and runs' outputs (kept).</param>
/// <param name="Removed">Unreachable objects removed (or, in a dry run, that would be).</param>
/// <param name="YoungKept">Unreachable objects kept because they are younger than the grace period.</param>
/// <param name="TempFilesRemoved">Stale temporary files removed (left by interrupted writes).</param>
/// <param name="BytesFreed">Bytes freed (or that would be).</param>
/// <param name="DryRun">True when nothing was deleted.</param>
internal sealed record GcResult(int Reachable, int Removed, int YoungKept, int TempFilesRemoved, long BytesFreed, bool DryRun);
