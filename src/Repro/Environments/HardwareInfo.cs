namespace Repro.Environments;

/// <summary>CPU, memory and GPUs.</summary>
internal sealed record HardwareInfo(string CpuModel, int LogicalCores, long? MemoryBytes, long AvailableMemoryBytes, GpuInfo Gpus);
