using BenchmarkDotNet.Attributes;
using Repro.Cli;

namespace Repro.Benchmarks;

/// <summary>
/// Whole <c>repro</c> commands over the 100,000-run store, run in-process through <see cref="CliApp.Run"/>:
/// parsing, opening the store, the stale-run check, the query and the JSON output.
/// <c>runs list --filter ... --order-by ... --json</c> has the target &lt;= 100 ms.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class CliBenchmarks
{
    private string[] _runsList = [];
    private string[] _experimentsList = [];

    [GlobalSetup(Target = nameof(RunsListJson))]
    public void SetupRunsList()
    {
        _runsList =
        [
            "runs", "list", "--filter", RunSearchBenchmarks.Filter, "--order-by", RunSearchBenchmarks.OrderBy, "--limit", "100", "--json",
            "--store", "sqlite:" + SearchFixture.EnsureBuilt(),
        ];
        Check(_runsList);
    }

    [GlobalSetup(Target = nameof(ExperimentsListJson))]
    public void SetupExperimentsList()
    {
        _experimentsList = ["experiments", "list", "--json", "--store", "sqlite:" + SearchFixture.EnsureBuilt()];
        Check(_experimentsList);
    }

    [Benchmark]
    public int RunsListJson() => Invoke(_runsList);

    [Benchmark]
    public int ExperimentsListJson() => Invoke(_experimentsList);

    private static int Invoke(string[] args)
    {
        var output = new StringWriter();
        var exitCode = CliApp.Run(args, Environment(output, new StringWriter()));
        return exitCode == CliApp.Success ? output.GetStringBuilder().Length : throw new InvalidOperationException($"Exit code {exitCode}.");
    }

    /// <summary>Runs the command once and fails the benchmark, with the command's own message, when it does not succeed.</summary>
    private static void Check(string[] args)
    {
        var error = new StringWriter();
        var output = new StringWriter();
        var exitCode = CliApp.Run(args, Environment(output, error));
        if (exitCode != CliApp.Success || output.GetStringBuilder().Length == 0)
        {
            throw new InvalidOperationException(
                $"'repro {string.Join(' ', args.TakeWhile(a => a != "--store"))}' failed with exit code {exitCode} in this build: {error.ToString().Trim()}");
        }
    }

    private static CliEnvironment Environment(StringWriter output, StringWriter error) =>
        new(output, error, OutputIsTerminal: false, _ => null, Directory.GetCurrentDirectory(), TimeProvider.System);
}
