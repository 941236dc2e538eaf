using Repro.TorchSharp.Tests.Support;

namespace Repro.TorchSharp.Tests;

public sealed class TorchDevicesTests : IDisposable
{
    private readonly TempRunStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Auto_takes_the_first_cuda_device_when_there_is_one()
    {
        var (name, _, fellBack) = TorchDevices.Choose("auto", cudaDevices: 2);

        Assert.Equal("cuda:0", name);
        Assert.False(fellBack);
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_and_says_so()
    {
        var (name, reason, fellBack) = TorchDevices.Choose(" AUTO ", cudaDevices: 0);

        Assert.Equal("cpu", name);
        Assert.True(fellBack);
        Assert.Contains("no CUDA device", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cuda", 1, "cuda:0")]
    [InlineData("cuda:1", 2, "cuda:1")]
    [InlineData("cpu", 2, "cpu")]
    public void An_available_device_is_taken_as_asked(string requested, int devices, string expected)
    {
        Assert.Equal(expected, TorchDevices.Choose(requested, devices).Name);
    }

    [Fact]
    public void An_unavailable_cuda_device_names_itself_and_what_is_available()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => TorchDevices.Choose("cuda:3", cudaDevices: 2));

        Assert.Equal("cuda:3", error.Requested);
        Assert.Equal(["cpu", "cuda:0", "cuda:1"], error.Available);
        Assert.Contains("'cuda:3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("available: cpu, cuda:0, cuda:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_without_any_cuda_device_is_an_error_not_a_silent_fallback()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => TorchDevices.Choose("cuda", cudaDevices: 0));

        Assert.Contains("no CUDA device", error.Message, StringComparison.Ordinal);
        Assert.Contains("available: cpu.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void A_name_that_is_no_device_is_rejected_with_the_accepted_forms(string requested)
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => TorchDevices.Choose(requested, cudaDevices: 1));

        Assert.Contains(TorchDevices.Forms, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selecting_on_this_cpu_build_records_the_cpu_and_why()
    {
        using var run = _store.StartRun();

        var choice = TorchDevices.Select("auto", run);

        Assert.True(choice.IsCpu);
        Assert.Equal("cpu", run.Params[TorchDevices.DeviceParam]);
        Assert.Equal(choice.Reason, _store.Store.GetRunData(run.Id).Tags[TorchDevices.ReasonTag]);
    }

    [Fact]
    public void Asking_this_cpu_build_for_cuda_fails_and_records_nothing()
    {
        using var run = _store.StartRun();

        Assert.Throws<DeviceUnavailableException>(() => TorchDevices.Select("cuda:0", run));

        Assert.DoesNotContain(TorchDevices.DeviceParam, run.Params.Keys);
    }
}
