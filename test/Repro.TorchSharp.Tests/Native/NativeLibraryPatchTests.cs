using TorchSharp;

namespace Repro.TorchSharp.Tests.Native;

public sealed class NativeLibraryPatchTests
{
    [Fact]
    public void Torch_loads_and_computes_on_this_host()
    {
        using var x = torch.arange(6, dtype: torch.float32);

        using var sum = x.sum();

        Assert.Equal(15f, sum.item<float>());
    }
}
