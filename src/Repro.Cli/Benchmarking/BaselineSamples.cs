using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Benchmarking;

/// <summary>The measured times of a baseline run, checked before anything is benchmarked.</summary>
internal sealed record BaselineSamples(RunInfo Run, IReadOnlyList<double> WallSeconds, string? Command)
{
    /// <summary>The fewest samples either side of a comparison may have: with fewer, no difference can be significant at 5%.</summary>
    public const int MinimumRuns = 5;

    /// <summary>Loads the baseline run's <see cref="BenchKeys.WallSeconds"/> samples.</summary>
    /// <exception cref="RunNotFoundException">No run matches the reference.</exception>
    /// <exception cref="BenchFailedException">The run did not finish, or has too few or invalid samples.</exception>
    public static BaselineSamples Load(IRunStore store, string reference)
    {
        var id = store.ResolveRun(reference);
        var run = store.GetRun(id);
        var shortId = id.Value[..8];
        if (run.Status != RunStatus.Finished)
        {
            throw new BenchFailedException($"Baseline run {shortId} is {run.Status.ToName()}, not FINISHED: its times are incomplete. Choose a finished bench run.");
        }

        var samples = store.GetMetricHistory(id, BenchKeys.WallSeconds).Select(p => p.Value).ToList();
        if (samples.Count == 0)
        {
            throw new BenchFailedException(
                $"Baseline run {shortId} has no {BenchKeys.WallSeconds} samples: it is not a repro bench run. Make a baseline with: repro bench -- COMMAND");
        }

        if (samples.Count < MinimumRuns)
        {
            throw new BenchFailedException($"Baseline run {shortId} has {samples.Count} {BenchKeys.WallSeconds} samples; at least {MinimumRuns} are needed for the test.");
        }

        var invalid = samples.FindIndex(t => !(double.IsFinite(t) && t > 0));
        if (invalid >= 0)
        {
            throw new BenchFailedException(
                $"Baseline run {shortId} has a {BenchKeys.WallSeconds} sample of {CliFormat.Number(samples[invalid])} (step {invalid}); times must be finite numbers of seconds > 0.");
        }

        return new BaselineSamples(run, samples, store.GetRunData(id).Tags.GetValueOrDefault(SystemTags.Command));
    }
}
