using Repro.Randomness;
using Repro.TorchSharp.Tests.Support;
using TorchSharp;

namespace Repro.TorchSharp.Tests;

public sealed class TorchRandomTests : IDisposable
{
    private readonly TempRunStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void The_derived_seed_is_the_first_draw_of_the_paths_stream_as_a_non_negative_long()
    {
        var expected = (long)(new RandomStream(42, "torch/init").NextUInt64() >> 1);

        Assert.Equal(expected, TorchRandom.DeriveSeed(42, "torch/init"));
        Assert.NotEqual(TorchRandom.DeriveSeed(42, "torch/init"), TorchRandom.DeriveSeed(42, "torch/train"));
        Assert.NotEqual(TorchRandom.DeriveSeed(42, "torch/init"), TorchRandom.DeriveSeed(43, "torch/init"));
    }

    [Fact]
    public void Seeding_records_the_seed_and_makes_weight_initialisation_repeat()
    {
        using var run = _store.StartRun(seed: 7);

        var seed = TorchRandom.Seed(run, "torch/init");
        using var first = torch.nn.Linear(8, 4);
        TorchRandom.Seed(run, "torch/init");
        using var second = torch.nn.Linear(8, 4);
        TorchRandom.Seed(run, "torch/other");
        using var third = torch.nn.Linear(8, 4);

        Assert.Equal(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Params["seed.torch/init"]);
        Assert.Equal(Values(first.weight!), Values(second.weight!));
        Assert.NotEqual(Values(first.weight!), Values(third.weight!));
    }

    [Fact]
    public void Seeding_makes_dropout_masks_repeat()
    {
        using var run = _store.StartRun(seed: 7);
        using var dropout = torch.nn.Dropout(0.5);
        using var ones = torch.ones(64);

        TorchRandom.Seed(run, "torch/train");
        using var first = dropout.call(ones);
        TorchRandom.Seed(run, "torch/train");
        using var second = dropout.call(ones);

        Assert.Equal(Values(first), Values(second));
        Assert.Contains(0f, Values(first));
    }

    [Fact]
    public void A_generator_of_its_own_draws_the_same_numbers_for_the_same_path()
    {
        using var run = _store.StartRun(seed: 7);
        using var a = TorchRandom.CreateGenerator(run, "torch/noise");
        using var b = TorchRandom.CreateGenerator(run, "torch/noise");

        using var drawA = torch.randn([16], generator: a);
        using var drawB = torch.randn([16], generator: b);

        Assert.Equal(Values(drawA), Values(drawB));
        Assert.Equal(TorchRandom.DeriveSeed(7, "torch/noise").ToString(System.Globalization.CultureInfo.InvariantCulture), run.Params["seed.torch/noise"]);
    }

    private static float[] Values(torch.Tensor tensor) => tensor.detach().cpu().data<float>().ToArray();
}
