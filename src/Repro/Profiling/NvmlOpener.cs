namespace Repro.Profiling;

/// <summary>Opens NVML; returns null, with the reason, where it is not installed or cannot start.</summary>
internal delegate INvml? NvmlOpener(out string reason);
