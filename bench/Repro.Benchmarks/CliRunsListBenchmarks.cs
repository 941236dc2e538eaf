using BenchmarkDotNet.Attributes;
using Repro.Cli;

namespace Repro.Benchmarks;

/// <summary>
/// The whole <c>repro runs list --filter ... --order-by ... --json</c> over 100,000 runs, run in-process
/// through <see cref="CliApp.Run"/> (target: &lt;= 100 ms): parsing, opening the store, the stale-run
/// check, the search, the per-run data and the JSON output.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class CliRunsListBenchmarks
{
    private string[] _args = [];

    [GlobalSetup]
    public void Setup()
    {
        _args =
        [
            "runs", "list", "--filter", RunSearchBenchmarks.Filter, "--order-by", RunSearchBenchmarks.OrderBy, "--limit", "100", "--json",
            "--store", "sqlite:" + SearchFixture.EnsureBuilt(),
        ];
        var error = new StringWriter();
        var output = new StringWriter();
        var exitCode = CliApp.Run(_args, Environment(output, error));
        if (exitCode != CliApp.Success || output.GetStringBuilder().Length == 0)
        {
            throw new InvalidOperationException($"'repro {string.Join(' ', _args[..9])}' failed with exit code {exitCode} in this build: {error.ToString().Trim()}");
        }
    }

    [Benchmark]
    public int RunsListJson()
    {
        var output = new StringWriter();
        var exitCode = CliApp.Run(_args, Environment(output, new StringWriter()));
        return exitCode == CliApp.Success ? output.GetStringBuilder().Length : throw new InvalidOperationException($"Exit code {exitCode}.");
    }

    private static CliEnvironment Environment(StringWriter output, StringWriter error) =>
        new(output, error, OutputIsTerminal: false, _ => null, Directory.GetCurrentDirectory(), TimeProvider.System);
}
