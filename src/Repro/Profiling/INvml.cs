namespace Repro.Profiling;

/// <summary>
/// The NVIDIA Management Library calls the profiler makes, behind an interface so tests use a fake and
/// machines without a GPU never load the real library (<see cref="NvmlLibrary"/>).
/// </summary>
internal interface INvml : IDisposable
{
    /// <summary>The driver version, such as "550.54.15".</summary>
    string DriverVersion { get; }

    /// <summary>How many GPUs NVML sees.</summary>
    int DeviceCount { get; }

    /// <summary>The product name of GPU <paramref name="index"/>.</summary>
    /// <exception cref="NvmlException">NVML failed.</exception>
    string DeviceName(int index);

    /// <summary>Reads GPU <paramref name="index"/> now. Values a device does not support are null.</summary>
    /// <exception cref="NvmlException">NVML failed.</exception>
    GpuReading Read(int index);
}
