namespace Repro.Profiling;

/// <summary>One GPU of the machine.</summary>
/// <param name="Index">Its NVML index, which is its CUDA index when CUDA_DEVICE_ORDER=PCI_BUS_ID (the device is <c>cuda:INDEX</c>).</param>
/// <param name="Name">Its product name.</param>
/// <param name="MemoryTotalBytes">Its memory, in bytes.</param>
internal sealed record GpuDevice(int Index, string Name, ulong MemoryTotalBytes);
