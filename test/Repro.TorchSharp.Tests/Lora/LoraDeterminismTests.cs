using Repro.TorchSharp.Lora;
using static TorchSharp.torch;

namespace Repro.TorchSharp.Tests.Lora;

[CollectionDefinition(nameof(TorchThreadsCollection), DisableParallelization = true)]
public sealed class TorchThreadsCollection;

/// <summary>Runs alone: it pins torch's intra-op thread count, which is process-wide.</summary>
[Collection(nameof(TorchThreadsCollection))]
public sealed class LoraDeterminismTests
{
    private static Dictionary<string, Tensor> TrainOnce(ulong seed)
    {
        using var model = LoraTestModels.Mlp();
        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 3, Alpha = 6, Dropout = 0.2, Seed = seed });
        LoraTestModels.Train(model, adapters.Parameters(), steps: 15, inputs: 8, outputs: 4);
        return LoraTestModels.Snapshot(model).Where(p => p.Key.Contains("lora", StringComparison.Ordinal)).ToDictionary();
    }

    private static T WithOneThread<T>(Func<T> action)
    {
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            return action();
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Fact]
    public void A_seeded_run_twice_gives_bit_identical_adapter_weights()
    {
        var (first, second) = WithOneThread(() => (TrainOnce(42), TrainOnce(42)));

        Assert.Equal(4, first.Count);
        foreach (var (name, tensor) in first)
        {
            Assert.True(LoraTestModels.BitEqual(tensor, second[name]), $"{name} differs between two runs with seed 42");
        }
    }

    [Fact]
    public void Another_seed_gives_other_adapter_weights()
    {
        var (first, other) = WithOneThread(() => (TrainOnce(42), TrainOnce(43)));

        Assert.False(LoraTestModels.BitEqual(first["fc1.lora_a"], other["fc1.lora_a"]));
    }

    [Fact]
    public void A_layers_initial_A_depends_on_the_seed_and_its_name_not_on_which_other_layers_are_adapted()
    {
        using var one = LoraTestModels.Mlp();
        using var both = LoraTestModels.Mlp();

        var alone = LoraAdapters.Apply(one, new LoraOptions { Targets = ["fc2"], Rank = 2, Seed = 7 });
        var together = LoraAdapters.Apply(both, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 2, Seed = 7 });

        Assert.True(LoraTestModels.BitEqual(alone["fc2"].A, together["fc2"].A));
        Assert.False(LoraTestModels.BitEqual(together["fc1"].A[.., ..2], together["fc2"].A[.., ..2]));
    }

    [Fact]
    public void A_is_drawn_within_the_bound_of_torchs_linear_initialisation()
    {
        using var model = LoraTestModels.Mlp();

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc2"], Rank = 4, Seed = 7 });

        // kaiming_uniform_(a: sqrt(5)) on a fan-in of 16: U(-1/4, 1/4).
        var a = adapters[0].A;
        Assert.True(a.abs().max().item<float>() <= 0.25f);
        Assert.True(a.abs().max().item<float>() > 0.1f);
        Assert.Equal(0, adapters[0].B.count_nonzero().item<long>());
    }
}
