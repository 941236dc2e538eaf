namespace Repro.Profiling;

/// <summary>An NVML call failed; the message names the call and NVML's error.</summary>
internal sealed class NvmlException(string message) : ReproException(message);
