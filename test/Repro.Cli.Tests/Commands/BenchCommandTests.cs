using System.Text.Json;
using Repro.Cli.Benchmarking;
using Repro.Cli.Commands;
using Repro.Cli.Tests.Support;
using Repro.Environments;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

/// <summary>
/// <c>repro bench</c> end to end with fast commands. Verdicts are made deterministic by comparing against
/// baselines whose times the tests write directly: 1 µs (nothing runs that fast) or 1000 s (nothing here runs
/// that slowly), so no assertion depends on this machine's speed.
/// </summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly CliHarness _cli = new CliHarness().Init();

    public BenchCommandTests() => _cli.Variables["PATH"] = "/usr/bin:/bin";

    public void Dispose() => _cli.Dispose();

    private RunId Baseline(double seconds, int runs = 10, RunStatus status = RunStatus.Finished, string metric = BenchKeys.WallSeconds) =>
        _cli.CreateRun(
            experiment: "bench",
            metrics: [.. Enumerable.Range(0, runs).Select(i => (metric, seconds * (1 + (i * 0.001)), (long)i))],
            tags: new Dictionary<string, string> { [BenchKeys.Tag] = "1" },
            status: status);

    private List<RunInfo> Runs()
    {
        using var store = _cli.OpenStore();
        return [.. store.SearchRuns(new RunQuery { Limit = 100 })];
    }

    [Fact]
    public void Without_a_baseline_the_measured_runs_are_stored_as_one_bench_run()
    {
        var result = _cli.Run("bench", "--runs", "5", "--warmup", "2", "--json", "--", "true");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        var id = RunId.Parse(json.GetProperty("run_id").GetString()!);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("verdict").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("baseline").ValueKind);
        Assert.Equal(5, json.GetProperty("current").GetProperty("runs").GetInt32());
        Assert.Equal(2, result.ErrorLines.Count(l => l.Contains("warm-up", StringComparison.Ordinal) && !l.Contains("started", StringComparison.Ordinal)));
        Assert.Equal(5, result.ErrorLines.Count(l => l.StartsWith("repro: run ", StringComparison.Ordinal)));
        using var store = _cli.OpenStore();
        var run = store.GetRun(id);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal("bench", run.ExperimentName);
        var wall = store.GetMetricHistory(id, BenchKeys.WallSeconds);
        Assert.Equal([0L, 1, 2, 3, 4], wall.Select(p => p.Step));
        Assert.All(wall, p => Assert.True(p.Value > 0));
        Assert.Equal(BenchComparisonMedian(wall), json.GetProperty("current").GetProperty("median_seconds").GetDouble());
        Assert.Equal(5, store.GetMetricHistory(id, BenchKeys.CpuSeconds).Count);
        var data = store.GetRunData(id);
        Assert.Equal("1", data.Tags[BenchKeys.Tag]);
        Assert.Equal("[\"true\"]", data.Params["command"]);
        Assert.Equal("5", data.Params["runs"]);
        Assert.Equal("2", data.Params["warmup"]);
        // The environment is recorded as for repro run, so env diff can compare a bench with its baseline.
        var manifest = ManifestCapture.Load(store, id)!;
        Assert.Equal("repro bench", manifest.Command!.Source);
        Assert.Equal(["true"], manifest.Command.Args);
    }

    [Fact]
    public void A_command_slower_than_its_baseline_is_slower_with_exit_code_3()
    {
        var baseline = Baseline(seconds: 1e-6);

        var result = _cli.Run("bench", "--baseline", baseline.Value[..8], "--runs", "5", "--warmup", "0", "--json", "--", "true");

        Assert.Equal(3, result.ExitCode);
        var json = result.Json();
        Assert.Equal("SLOWER", json.GetProperty("verdict").GetString());
        Assert.Equal("exact", json.GetProperty("test").GetString());
        Assert.True(json.GetProperty("ratio").GetDouble() > 1.05);
        Assert.True(json.GetProperty("ratio_ci_low").GetDouble() > 1);
        Assert.True(json.GetProperty("ratio_ci_high").GetDouble() >= json.GetProperty("ratio").GetDouble());
        Assert.Equal(2.0 / 3003, json.GetProperty("p_value").GetDouble(), 12); // U = 50 of 50: 2 / C(15, 5)
        Assert.Equal(0.05, json.GetProperty("threshold").GetDouble());
        Assert.Equal(baseline.Value, json.GetProperty("baseline").GetProperty("run_id").GetString());
        Assert.Equal(10, json.GetProperty("baseline").GetProperty("runs").GetInt32());
        Assert.Equal(5, json.GetProperty("current").GetProperty("runs").GetInt32());
        using var store = _cli.OpenStore();
        var tags = store.GetRunData(RunId.Parse(json.GetProperty("run_id").GetString()!)).Tags;
        Assert.Equal("SLOWER", tags[BenchKeys.VerdictTag]);
        Assert.Equal(baseline.Value, tags[BenchKeys.BaselineTag]);
    }

    [Fact]
    public void A_command_faster_than_its_baseline_is_faster_in_plain_text_with_exit_code_0()
    {
        var baseline = Baseline(seconds: 1000);

        var result = _cli.Run("bench", "--baseline", baseline.Value, "--runs", "5", "--warmup", "0", "--", "true");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, result.OutputLines.Length);
        Assert.StartsWith("current   ", result.OutputLines[0], StringComparison.Ordinal);
        Assert.Matches($@"^baseline  {baseline.Value[..8]}  median 100\d s \(10 runs\)$", result.OutputLines[1]);
        Assert.Matches(@"^ratio     0\.000x  95% CI \[0\.000x, 0\.000x\]  p = 0\.000666 \(Mann-Whitney, exact\)$", result.OutputLines[2]);
        Assert.Equal("verdict   Faster: a significant speed-up of more than 5%", result.OutputLines[3]);
    }

    [Fact]
    public void An_unknown_baseline_is_one_clear_error_and_nothing_runs()
    {
        var result = _cli.Run("bench", "--baseline", "abcdef12", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("repro: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("abcdef12", result.Error, StringComparison.Ordinal);
        Assert.Empty(Runs());
    }

    [Fact]
    public void A_baseline_without_bench_samples_is_refused_before_anything_runs()
    {
        var other = Baseline(seconds: 0.1, metric: "loss");

        var result = _cli.Run("bench", "--baseline", other.Value, "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"repro: error: Baseline run {other.Value[..8]} has no bench/wall_seconds samples: it is not a repro bench run. Make a baseline with: repro bench -- COMMAND", Assert.Single(result.ErrorLines));
        Assert.Single(Runs());
    }

    [Fact]
    public void A_baseline_that_did_not_finish_or_has_too_few_samples_is_refused()
    {
        var failed = Baseline(seconds: 0.1, status: RunStatus.Failed);
        var short3 = Baseline(seconds: 0.1, runs: 3);

        var notFinished = _cli.Run("bench", "--baseline", failed.Value, "--", "true");
        var tooFew = _cli.Run("bench", "--baseline", short3.Value, "--", "true");

        Assert.Equal(1, notFinished.ExitCode);
        Assert.Contains("is FAILED, not FINISHED", Assert.Single(notFinished.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(1, tooFew.ExitCode);
        Assert.Contains("has 3 bench/wall_seconds samples; at least 5", Assert.Single(tooFew.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, Runs().Count);
    }

    [Theory]
    [InlineData("--threshold", "150%", "Invalid --threshold '150%'")]
    [InlineData("--threshold", "fast", "Invalid --threshold 'fast'")]
    [InlineData("--threshold", "-1%", "Invalid --threshold '-1%'")]
    [InlineData("--runs", "4", "--runs must be from 5")]
    [InlineData("--warmup", "-1", "--warmup must be from 0")]
    public void A_bad_option_is_one_clear_error_and_nothing_is_written(string option, string value, string message)
    {
        var result = _cli.Run("bench", option, value, "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(Runs());
    }

    [Fact]
    public void A_missing_command_or_double_dash_is_refused()
    {
        Assert.Equal(1, _cli.Run("bench").ExitCode);
        Assert.Equal(1, _cli.Run("bench", "no-such-program-xyz").ExitCode);
        Assert.Equal(1, _cli.Run("bench", "--", "no-such-program-xyz").ExitCode);
        Assert.Empty(Runs());
    }

    [Fact]
    public void A_failing_command_fails_the_bench_run_with_its_last_stderr_line_and_exit_code_1()
    {
        var result = _cli.Run("bench", "--warmup", "0", "--runs", "5", "--", "sh", "-c", "echo first >&2; echo boom >&2; exit 4");

        Assert.Equal(1, result.ExitCode);
        var error = result.ErrorLines[^1];
        Assert.StartsWith("repro: error: the command exited with code 4 on run 1/5; bench run ", error, StringComparison.Ordinal);
        Assert.EndsWith("FAILED. Its last stderr line: boom", error, StringComparison.Ordinal);
        var run = Assert.Single(Runs());
        Assert.Equal(RunStatus.Failed, run.Status);
        using var store = _cli.OpenStore();
        Assert.Equal("first\nboom\n", store.GetRunText(run.Id, "stderr"));
        Assert.Empty(store.GetMetricHistory(run.Id, BenchKeys.WallSeconds));
    }

    [Theory]
    [InlineData("5%", 0.05)]
    [InlineData("0.1", 0.1)]
    [InlineData("0%", 0.0)]
    [InlineData(" 12.5% ", 0.125)]
    public void A_threshold_is_a_percentage_or_a_fraction(string text, double expected)
    {
        Assert.Equal(expected, BenchCommand.ParseThreshold(text), 15);
    }

    private static double BenchComparisonMedian(IReadOnlyList<MetricPoint> points) =>
        Repro.Benchmarking.BenchComparison.Median(points.Select(p => p.Value));
}
