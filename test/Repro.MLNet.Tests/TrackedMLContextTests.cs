using Repro.MLNet.Tests.Support;
using Repro.Randomness;
using Repro.Tracking;

namespace Repro.MLNet.Tests;

public sealed class TrackedMLContextTests : IDisposable
{
    private readonly TrackedRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public void The_context_seed_is_derived_from_the_run_seed_and_recorded_as_a_param()
    {
        using var run = _runs.Start(seed: 42);

        var ml = TrackedMLContext.Create(run);

        Assert.Equal(TrackedMLContext.DeriveSeed(42, "mlnet"), ml.Seed);
        Assert.Equal("mlnet.seed", ml.SeedParamKey);
        Assert.Equal(ml.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), _runs.Store.GetRunData(run.Id).Params["mlnet.seed"]);
    }

    [Fact]
    public void The_derivation_is_the_first_word_of_the_seed_and_path_stream_halved_to_a_non_negative_int()
    {
        var expected = (int)(new RandomStream(42, "mlnet").NextUInt32() >> 1);

        var seed = TrackedMLContext.DeriveSeed(42, "mlnet");

        Assert.Equal(expected, seed);
        Assert.InRange(seed, 0, int.MaxValue);
    }

    [Fact]
    public void Another_run_seed_or_path_gives_another_context_seed()
    {
        var seed = TrackedMLContext.DeriveSeed(42, "mlnet");

        Assert.NotEqual(seed, TrackedMLContext.DeriveSeed(43, "mlnet"));
        Assert.NotEqual(seed, TrackedMLContext.DeriveSeed(42, "mlnet/fold/1"));
    }

    [Fact]
    public void Two_contexts_of_one_run_on_different_paths_record_both_seeds()
    {
        using var run = _runs.Start(seed: 42);

        var first = TrackedMLContext.Create(run, "mlnet/fold/0");
        var second = TrackedMLContext.Create(run, "mlnet/fold/1");

        var stored = _runs.Store.GetRunData(run.Id).Params;
        Assert.Equal(first.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), stored["mlnet/fold/0.seed"]);
        Assert.Equal(second.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), stored["mlnet/fold/1.seed"]);
    }

    [Fact]
    public void A_path_that_makes_an_invalid_param_key_is_refused()
    {
        using var run = _runs.Start(seed: 42);

        Assert.Throws<InvalidRunDataException>(() => TrackedMLContext.Create(run, "mlnet:fold*1"));
        Assert.Empty(_runs.Store.GetRunData(run.Id).Params);
    }
}
