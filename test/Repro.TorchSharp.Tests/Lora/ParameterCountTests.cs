using Repro.TorchSharp.Lora;
using static TorchSharp.torch;

namespace Repro.TorchSharp.Tests.Lora;

public sealed class ParameterCountTests
{
    [Fact]
    public void A_plain_model_counts_every_element_as_trainable()
    {
        using var model = LoraTestModels.Mlp();

        var count = ParameterCount.Of(model);

        Assert.Equal(new ParameterCount(212, 212), count);
        Assert.Equal(1.0, count.TrainableFraction);
    }

    [Fact]
    public void A_layer_used_twice_counts_once()
    {
        using var shared = nn.Linear(4, 4);
        using var model = nn.Sequential(("first", shared), ("second", shared));

        Assert.Equal(new ParameterCount(20, 20), ParameterCount.Of(model));
    }

    [Fact]
    public void A_model_without_parameters_has_a_trainable_fraction_of_zero()
    {
        using var model = nn.Sequential(("act", nn.ReLU()));

        Assert.Equal(0, ParameterCount.Of(model).TrainableFraction);
    }
}
