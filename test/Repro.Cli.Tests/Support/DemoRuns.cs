using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Support;

/// <summary>
/// Two <c>repro demo</c> runs in one fresh folder, made once for all the demo tests (each demo starts two processes
/// that load libtorch): the first in plain text, creating the store; the second with <c>--json</c>, the same seed and
/// another experiment.
/// </summary>
public sealed class DemoRuns : IDisposable
{
    public DemoRuns()
    {
        Cli = new CliHarness();
        Text = Cli.Run("demo");
        Json = Cli.Run("demo", "--seed", "42", "--experiment", "demo-json", "--json");
    }

    internal CliHarness Cli { get; }

    /// <summary>The first demo, printed as text, in a folder without a store.</summary>
    internal CliResult Text { get; }

    /// <summary>The second demo, seed 42 as the first, experiment demo-json, with --json.</summary>
    internal CliResult Json { get; }

    /// <summary>The runs of an experiment, oldest first: the demo's training run, then its replay.</summary>
    internal IReadOnlyList<RunInfo> RunsOf(string experiment)
    {
        using var store = Cli.OpenStore();
        return store.SearchRuns(new RunQuery { ExperimentNames = [experiment], OrderBy = [RunOrder.Parse("start_time ASC")] });
    }

    public void Dispose() => Cli.Dispose();
}
