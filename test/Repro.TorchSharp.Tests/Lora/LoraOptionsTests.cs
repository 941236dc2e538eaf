using Repro.TorchSharp.Lora;

namespace Repro.TorchSharp.Tests.Lora;

public sealed class LoraOptionsTests
{
    [Fact]
    public void Defaults_are_rank_8_alpha_8_no_dropout_and_the_global_generator()
    {
        var options = new LoraOptions();

        Assert.Equal((8, 8.0, 0.0, (ulong?)null), (options.Rank, options.Alpha, options.Dropout, options.Seed));
        Assert.Empty(options.Targets);
    }

    [Fact]
    public void The_targets_are_copied_so_changing_the_callers_array_changes_nothing()
    {
        var targets = new[] { "fc1" };

        var options = new LoraOptions { Targets = targets };
        targets[0] = "fc2";

        Assert.Equal(["fc1"], options.Targets);
    }
}
