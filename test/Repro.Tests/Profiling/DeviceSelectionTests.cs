using Repro.Profiling;

namespace Repro.Tests.Profiling;

public sealed class DeviceSelectionTests
{
    private static readonly GpuReading Idle = new(0, 1_000_000, 80_000_000_000, 60_000, 35, 1_000_000);

    [Fact]
    public void Auto_takes_the_first_gpu_when_there_is_one()
    {
        var inventory = DeviceInventory.Probe(new FakeNvml(Idle, Idle).Opener);

        var choice = DeviceSelection.Choose("auto", inventory);

        Assert.Equal("cuda:0", choice.Device);
        Assert.Contains("2 GPU(s)", choice.Reason, StringComparison.Ordinal);
        Assert.Null(choice.Notice);
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_with_a_notice_and_the_reason_when_no_gpu_is_usable()
    {
        var inventory = DeviceInventory.Probe(FakeNvml.Absent("libnvidia-ml.so.1 (the NVIDIA driver) is not installed"));

        var choice = DeviceSelection.Choose("auto", inventory);

        Assert.Equal("cpu", choice.Device);
        Assert.Contains("not installed", choice.Reason, StringComparison.Ordinal);
        Assert.Equal("no usable GPU (libnvidia-ml.so.1 (the NVIDIA driver) is not installed); running on the CPU.", choice.Notice);
    }

    [Fact]
    public void A_failing_nvml_means_no_usable_gpu_rather_than_an_error()
    {
        var nvml = new FakeNvml(Idle) { FailWith = "nvmlDeviceGetMemoryInfo failed: GPU is lost (15)" };

        var inventory = DeviceInventory.Probe(nvml.Opener);

        Assert.Empty(inventory.Gpus);
        Assert.Equal("cpu", DeviceSelection.Choose("auto", inventory).Device);
        Assert.True(nvml.Disposed);
    }

    [Theory]
    [InlineData("cuda", "cuda:0")]
    [InlineData("cuda:1", "cuda:1")]
    [InlineData("CPU", "cpu")]
    public void An_explicit_device_is_taken_when_the_machine_has_it(string requested, string device) =>
        Assert.Equal(device, DeviceSelection.Choose(requested, DeviceInventory.Probe(new FakeNvml(Idle, Idle).Opener)).Device);

    [Theory]
    [InlineData("tpu", "Unknown device 'tpu': expected auto, cpu, cuda or cuda:N.")]
    [InlineData("cuda:x", "Unknown device 'cuda:x': expected auto, cpu, cuda or cuda:N.")]
    [InlineData("cuda:2", "Device 'cuda:2' is not available: this machine has 2 GPU(s), cuda:0 to cuda:1.")]
    public void An_unknown_device_is_one_clear_error(string requested, string message)
    {
        var error = Assert.Throws<UnknownDeviceException>(() => DeviceSelection.Choose(requested, DeviceInventory.Probe(new FakeNvml(Idle, Idle).Opener)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Cuda_on_a_machine_without_gpus_is_an_error_that_suggests_auto()
    {
        var error = Assert.Throws<UnknownDeviceException>(() => DeviceSelection.Choose("cuda", DeviceInventory.Probe(FakeNvml.Absent("no driver"))));

        Assert.Contains("--device auto", error.Message, StringComparison.Ordinal);
    }
}
