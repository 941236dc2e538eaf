using Repro.Profiling;

namespace Repro.Cli.Tests.Support;

/// <summary>An NVML stand-in for <c>repro run</c>: GPUs with fixed readings, or none.</summary>
internal sealed class FakeNvml(params GpuReading[] gpus) : INvml
{
    public string DriverVersion => "550.00-fake";

    public int DeviceCount => gpus.Length;

    public string DeviceName(int index) => $"Fake GPU {index}";

    public GpuReading Read(int index) => gpus[index];

    public void Dispose()
    {
    }

    /// <summary>Opens a fresh fake each time, as the real library is opened once for the device choice and once for sampling.</summary>
    public static NvmlOpener With(params GpuReading[] gpus) => (out string reason) =>
    {
        reason = string.Empty;
        return new FakeNvml(gpus);
    };

    public static NvmlOpener Absent(string why) => (out string reason) =>
    {
        reason = why;
        return null;
    };
}
