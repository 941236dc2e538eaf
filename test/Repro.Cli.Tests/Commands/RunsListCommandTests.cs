using System.Text.Json;
using Repro.Cli.Tests.Support;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class RunsListCommandTests : IDisposable
{
    private readonly CliHarness _cli = new CliHarness().Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Piped_output_is_a_header_and_one_tab_separated_line_per_run_newest_first()
    {
        var older = _cli.CreateRun(name: "older", startMs: 1_700_000_000_000, durationMs: 2_500);
        var newer = _cli.CreateRun(name: "newer", startMs: 1_700_000_060_000, durationMs: 90_000, status: RunStatus.Failed);

        var result = _cli.Run("runs", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
        [
            "run_id\texperiment\tname\tstatus\tstart_time\tduration",
            $"{newer.Value}\texp\tnewer\tFAILED\t2023-11-14 22:14:20Z\t1m30s",
            $"{older.Value}\texp\tolder\tFINISHED\t2023-11-14 22:13:20Z\t2.5s",
        ], result.OutputLines);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Filter_and_order_by_select_and_sort_runs_and_add_a_column_for_each_field_they_mention()
    {
        _cli.CreateRun(name: "a", parameters: P("lr", "0.1"), metrics: [("loss", 0.5, 1)]);
        _cli.CreateRun(name: "b", parameters: P("lr", "0.01"), metrics: [("loss", 0.25, 1)]);
        _cli.CreateRun(name: "c", parameters: P("lr", "0.001"), metrics: [("loss", 0.9, 1)]);
        _cli.CreateRun(name: "d", parameters: P("lr", "1"));

        var result = _cli.Run("runs", "list", "--filter", "metrics.loss < 0.8", "--order-by", "metrics.loss ASC", "--order-by", "params.lr");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("run_id\texperiment\tname\tstatus\tstart_time\tduration\tmetrics.loss\tparams.lr", result.OutputLines[0]);
        var rows = result.OutputLines[1..].Select(line => line.Split('\t')).ToList();
        Assert.Equal(["b", "a"], rows.Select(r => r[2]));
        Assert.Equal(["0.25", "0.5"], rows.Select(r => r[6]));
        Assert.Equal(["0.01", "0.1"], rows.Select(r => r[7]));
    }

    [Fact]
    public void Runs_lacking_an_order_by_field_come_last_with_an_empty_cell()
    {
        _cli.CreateRun(name: "without");
        _cli.CreateRun(name: "with", metrics: [("acc", 0.75, 0)]);

        var result = _cli.Run("runs", "list", "--order-by", "metrics.acc DESC");

        var rows = result.OutputLines[1..].Select(line => line.Split('\t')).ToList();
        Assert.Equal(["with", "without"], rows.Select(r => r[2]));
        Assert.Equal(["0.75", string.Empty], rows.Select(r => r[6]));
    }

    [Theory]
    [InlineData("FAILED")]
    [InlineData("failed")]
    public void Status_keeps_only_runs_with_that_status_in_any_case(string status)
    {
        _cli.CreateRun(name: "ok");
        _cli.CreateRun(name: "broken", status: RunStatus.Failed);
        _cli.CreateRun(name: "live", status: RunStatus.Running);

        var result = _cli.Run("runs", "list", "--status", status);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["broken"], result.OutputLines[1..].Select(line => line.Split('\t')[2]));
    }

    [Fact]
    public void Experiment_restricts_the_list_and_can_be_repeated()
    {
        _cli.CreateRun(experiment: "alpha", name: "a1");
        _cli.CreateRun(experiment: "beta", name: "b1");
        _cli.CreateRun(experiment: "gamma", name: "g1");

        var one = _cli.Run("runs", "list", "--experiment", "beta");
        var two = _cli.Run("runs", "list", "-e", "alpha", "-e", "gamma");

        Assert.Equal(["b1"], one.OutputLines[1..].Select(line => line.Split('\t')[2]));
        Assert.Equal(["a1", "g1"], two.OutputLines[1..].Select(line => line.Split('\t')[2]).Order());
    }

    [Fact]
    public void An_unknown_experiment_is_an_error_that_points_to_experiments_list()
    {
        _cli.CreateRun(experiment: "alpha");

        var result = _cli.Run("runs", "list", "--experiment", "alhpa");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: No experiment named 'alhpa'. 'repro experiments list' shows the experiments in this store."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Limit_shows_the_first_runs_and_says_on_stderr_that_more_match()
    {
        for (var i = 0; i < 5; i++)
        {
            _cli.CreateRun(name: $"r{i}", startMs: 1_700_000_000_000 + i);
        }

        var limited = _cli.Run("runs", "list", "--limit", "3");
        var exact = _cli.Run("runs", "list", "--limit", "5");

        Assert.Equal(["r4", "r3", "r2"], limited.OutputLines[1..].Select(line => line.Split('\t')[2]));
        Assert.Equal(["repro: showing the first 3 matching runs; more match (use --limit N to see more)."], limited.ErrorLines);
        Assert.Equal(6, exact.OutputLines.Length);
        Assert.Empty(exact.Error);
    }

    [Fact]
    public void The_default_limit_is_one_hundred()
    {
        using (var store = _cli.OpenStore())
        {
            for (var i = 0; i < 101; i++)
            {
                store.CreateRun(new NewRun(RunId.New(), "bulk", $"r{i}", 1_700_000_000_000 + i, 1, null, null));
                store.TryEndRun(store.SearchRuns(new RunQuery { Limit = 1 })[0].Id, RunStatus.Running, RunStatus.Finished, 1_700_000_001_000);
            }
        }

        var result = _cli.Run("runs", "list");

        Assert.Equal(101, result.OutputLines.Length);
        Assert.Contains("first 100 matching runs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_an_array_of_flat_run_objects_with_every_documented_field()
    {
        var parent = _cli.CreateRun(name: "parent");
        var child = _cli.CreateRun(
            name: "child",
            seed: ulong.MaxValue,
            parameters: P("lr", "0.01"),
            metrics: [("loss", 0.5, 0), ("loss", 0.25, 1), ("diverged", double.NaN, 0), ("peak", double.PositiveInfinity, 0)],
            tags: P("team", "vision"),
            startMs: 1_700_000_100_000,
            durationMs: 1_234,
            parent: parent);

        var result = _cli.Run("runs", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var runs = result.Json();
        Assert.Equal(JsonValueKind.Array, runs.ValueKind);
        var run = runs[0];
        Assert.Equal(
            ["run_id", "experiment", "name", "status", "start_time_ms", "end_time_ms", "duration_ms", "seed", "parent_run_id", "params", "metrics", "tags"],
            run.EnumerateObject().Select(p => p.Name));
        Assert.Equal(child.Value, run.GetProperty("run_id").GetString());
        Assert.Equal("exp", run.GetProperty("experiment").GetString());
        Assert.Equal("child", run.GetProperty("name").GetString());
        Assert.Equal("FINISHED", run.GetProperty("status").GetString());
        Assert.Equal(1_700_000_100_000, run.GetProperty("start_time_ms").GetInt64());
        Assert.Equal(1_700_000_101_234, run.GetProperty("end_time_ms").GetInt64());
        Assert.Equal(1_234, run.GetProperty("duration_ms").GetInt64());
        Assert.Equal("18446744073709551615", run.GetProperty("seed").GetString());
        Assert.Equal(parent.Value, run.GetProperty("parent_run_id").GetString());
        Assert.Equal("0.01", run.GetProperty("params").GetProperty("lr").GetString());
        Assert.Equal(0.25, run.GetProperty("metrics").GetProperty("loss").GetDouble());
        Assert.Equal("NaN", run.GetProperty("metrics").GetProperty("diverged").GetString());
        Assert.Equal("Infinity", run.GetProperty("metrics").GetProperty("peak").GetString());
        Assert.Equal("vision", run.GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal(JsonValueKind.Null, runs[1].GetProperty("parent_run_id").ValueKind);
    }

    [Fact]
    public void Json_gives_null_end_and_duration_while_a_run_is_running()
    {
        _cli.CreateRun(status: RunStatus.Running);

        var run = _cli.Run("runs", "list", "--json").Json()[0];

        Assert.Equal("RUNNING", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("end_time_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("duration_ms").ValueKind);
    }

    [Fact]
    public void A_terminal_gets_a_table_with_short_ids_statuses_and_the_mentioned_metric()
    {
        var id = _cli.CreateRun(name: "tabled", metrics: [("val_loss", 0.123456789, 3)]);

        var result = _cli.RunInTerminal("runs", "list", "--order-by", "metrics.val_loss");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Run", result.Output, StringComparison.Ordinal);
        Assert.Contains("metrics.val_loss", result.Output, StringComparison.Ordinal);
        Assert.Contains(id.Value[..8], result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(id.Value, result.Output, StringComparison.Ordinal);
        Assert.Contains("FINISHED", result.Output, StringComparison.Ordinal);
        Assert.Contains("0.123457", result.Output, StringComparison.Ordinal);
        Assert.Contains("tabled", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_table_names_a_single_experiment_once_and_shows_a_column_for_several()
    {
        _cli.CreateRun(experiment: "alpha", name: "a1");
        var single = _cli.RunInTerminal("runs", "list");
        _cli.CreateRun(experiment: "beta", name: "b1");

        var several = _cli.RunInTerminal("runs", "list");

        Assert.Equal("Experiment alpha", single.OutputLines[0].Trim());
        Assert.DoesNotContain("Experiment alpha", several.Output, StringComparison.Ordinal);
        Assert.StartsWith("Run", several.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains("Experiment", several.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains(several.OutputLines, line => line.Contains("beta", StringComparison.Ordinal) && line.Contains("b1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_store_says_so_in_a_terminal_and_prints_only_the_header_when_piped()
    {
        var terminal = _cli.RunInTerminal("runs", "list");
        var piped = _cli.Run("runs", "list");
        var json = _cli.Run("runs", "list", "--json");

        Assert.Equal("No runs yet. Create one with 'repro demo' or 'repro run -- COMMAND'.", terminal.Output.Trim());
        Assert.Equal(["run_id\texperiment\tname\tstatus\tstart_time\tduration"], piped.OutputLines);
        Assert.Equal(0, json.Json().GetArrayLength());
    }

    [Fact]
    public void Tabs_and_line_breaks_in_values_do_not_break_the_piped_columns()
    {
        _cli.CreateRun(parameters: P("note", "a\tb\nc"));

        var result = _cli.Run("runs", "list", "--filter", "params.note LIKE 'a%'");

        Assert.Equal(2, result.OutputLines.Length);
        Assert.Equal("a b c", result.OutputLines[1].Split('\t')[6]);
    }

    [Theory]
    [InlineData("--filter", "metrics.loss <", "Invalid filter at position")]
    [InlineData("--filter", "metrics.loss < 1 or params.a = 'b'", "OR is not supported")]
    [InlineData("--filter", "loss < 1", "Invalid field 'loss' at position 0")]
    [InlineData("--order-by", "metrics.loss SIDEWAYS", "Invalid order-by 'metrics.loss SIDEWAYS': expected ASC or DESC")]
    [InlineData("--order-by", "metrics.`loss", "In --order-by 'metrics.`loss': Invalid filter at position")]
    [InlineData("--status", "DONE", "Invalid --status 'DONE': expected RUNNING, FINISHED, FAILED or KILLED.")]
    public void A_malformed_query_fails_with_one_clear_line_and_changes_nothing(string option, string value, string expected)
    {
        var id = _cli.CreateRun(metrics: [("loss", 0.5, 0)]);
        var before = _cli.Run("runs", "list", "--json").Output;

        var result = _cli.Run("runs", "list", option, value);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("repro: error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(before, _cli.Run("runs", "list", "--json").Output);
        Assert.Contains(id.Value, before, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_limit_below_one_is_a_usage_error(string limit)
    {
        var result = _cli.Run("runs", "list", "--limit", limit);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: --limit must be at least 1."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Without_a_store_the_error_suggests_repro_init()
    {
        using var bare = new CliHarness();

        var result = bare.Run("runs", "list");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("repro init", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bare.Folder, ".repro")));
    }

    private static Dictionary<string, string> P(string key, string value) => new() { [key] = value };
}
