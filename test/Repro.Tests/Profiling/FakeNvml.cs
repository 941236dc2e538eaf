using Repro.Profiling;

namespace Repro.Tests.Profiling;

/// <summary>An NVML stand-in: GPUs with set readings, an optional failure, and a record of being closed.</summary>
internal sealed class FakeNvml(params GpuReading[] gpus) : INvml
{
    public List<GpuReading> Gpus { get; } = [.. gpus];

    public string? FailWith { get; set; }

    public bool Disposed { get; private set; }

    public string DriverVersion => "550.00-fake";

    public int DeviceCount => Gpus.Count;

    public string DeviceName(int index) => $"Fake GPU {index}";

    public GpuReading Read(int index) => FailWith is { } message ? throw new NvmlException(message) : Gpus[index];

    public void Dispose() => Disposed = true;

    public NvmlOpener Opener => (out string reason) =>
    {
        reason = string.Empty;
        return this;
    };

    public static NvmlOpener Absent(string why) => (out string reason) =>
    {
        reason = why;
        return null;
    };
}
