using Microsoft.ML.Trainers;
using Repro.MLNet.Tests.Support;

namespace Repro.MLNet.Tests;

public sealed class TrackedMLContextTrainersTests : IDisposable
{
    private readonly TrackedRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    [Theory]
    [MemberData(nameof(PinnedTrainerCase.Keys), MemberType = typeof(PinnedTrainerCase))]
    public void The_same_run_seed_trains_a_model_with_bit_identical_outputs(string trainer)
    {
        var first = TrainAndScore(trainer, seed: 42);

        var second = TrainAndScore(trainer, seed: 42);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(PinnedTrainerCase.Keys), MemberType = typeof(PinnedTrainerCase))]
    public void Another_run_seed_changes_the_model_exactly_when_the_trainer_draws_random_numbers(string trainer)
    {
        var first = TrainAndScore(trainer, seed: 42);

        var other = TrainAndScore(trainer, seed: 43);

        if (PinnedTrainerCase.Named(trainer).UsesSeed)
        {
            Assert.NotEqual(first, other);
        }
        else
        {
            Assert.Equal(first, other);
        }
    }

    [Theory]
    [MemberData(nameof(PinnedTrainerCase.Keys), MemberType = typeof(PinnedTrainerCase))]
    public void The_pinned_thread_count_and_its_reason_are_recorded_on_the_run(string trainer)
    {
        using var run = _runs.Start(seed: 42);

        PinnedTrainerCase.Named(trainer).Train(TrackedMLContext.Create(run));

        var data = _runs.Store.GetRunData(run.Id);
        Assert.Equal("1", data.Params[$"mlnet.{trainer}.threads"]);
        Assert.Contains("one thread", data.Tags[$"mlnet.{trainer}.threads_reason"], StringComparison.Ordinal);
    }

    [Fact]
    public void L_bfgs_draws_from_the_seed_when_it_starts_from_random_weights()
    {
        int[] Train(ulong seed)
        {
            using var run = _runs.Start(seed);
            var ml = TrackedMLContext.Create(run);
            var data = SyntheticRows.Binary(ml.Context);
            var trainer = ml.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { InitialWeightsDiameter = 1f, MaximumNumberOfIterations = 3 });
            return ModelOutputs.ScoreBits(ml.Fit(trainer, data), data);
        }

        Assert.NotEqual(Train(42), Train(43));
    }

    [Fact]
    public void Asking_for_more_threads_is_refused_and_records_nothing()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 4 }));

        Assert.Contains("only deterministic with one thread", error.Message, StringComparison.Ordinal);
        var data = _runs.Store.GetRunData(run.Id);
        Assert.DoesNotContain("mlnet.sdca_logistic_regression.threads", data.Params.Keys);
        Assert.DoesNotContain("mlnet.sdca_logistic_regression.threads_reason", data.Tags.Keys);
    }

    [Fact]
    public void Options_given_by_the_caller_keep_their_settings_and_get_one_thread()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var options = new KMeansTrainer.Options { NumberOfClusters = 5, NumberOfThreads = 1 };

        ml.KMeans(options);

        Assert.Equal(1, options.NumberOfThreads);
        Assert.Equal(5, options.NumberOfClusters);
    }

    private int[] TrainAndScore(string trainer, ulong seed)
    {
        using var run = _runs.Start(seed);
        var (model, data) = PinnedTrainerCase.Named(trainer).Train(TrackedMLContext.Create(run));
        return ModelOutputs.ScoreBits(model, data);
    }
}
