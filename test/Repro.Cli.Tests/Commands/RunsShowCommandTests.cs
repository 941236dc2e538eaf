using System.Text.Json;
using Repro.Cli.Tests.Support;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class RunsShowCommandTests : IDisposable
{
    private readonly CliHarness _cli = new CliHarness().Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Piped_output_shows_attributes_params_tags_and_a_summary_of_each_metric()
    {
        var parent = _cli.CreateRun(name: "parent");
        var id = _cli.CreateRun(
            name: "shown",
            seed: 12345678901234567890,
            parameters: new Dictionary<string, string> { ["lr"] = "0.01", ["batch_size"] = "32" },
            metrics: [("loss", 0.9, 0), ("loss", 0.5, 1), ("loss", 0.75, 2), ("acc", 0.8, 5)],
            tags: new Dictionary<string, string> { ["team"] = "vision" },
            startMs: 1_700_000_000_000,
            durationMs: 2_500,
            parent: parent);

        var result = _cli.Run("runs", "show", id.Value);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
        [
            $"run         {id.Value}",
            "experiment  exp",
            "name        shown",
            "status      FINISHED",
            "start       2023-11-14 22:13:20Z",
            "end         2023-11-14 22:13:22Z",
            "duration    2.5s",
            "seed        12345678901234567890",
            $"parent      {parent.Value}",
            string.Empty,
            "params",
            "  batch_size  32",
            "  lr          0.01",
            string.Empty,
            "tags",
            "  team  vision",
            string.Empty,
            "metrics",
            "  key   last  step  count  min  max  history",
            "  acc   0.8   5     1      0.8  0.8  ▄",
            "  loss  0.75  2     3      0.5  0.9  █▁▅",
        ], result.OutputLines);
    }

    [Fact]
    public void A_unique_prefix_finds_the_run()
    {
        var id = _cli.CreateRun(name: "by-prefix");

        var result = _cli.Run("runs", "show", id.Value[..6]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"run         {id.Value}", result.OutputLines[0]);
    }

    [Fact]
    public void An_unknown_run_fails_with_the_stores_message()
    {
        _cli.CreateRun();

        var result = _cli.Run("runs", "show", "ffffffffffffffffffffffffffffffff");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: No run matches 'ffffffffffffffffffffffffffffffff'. 'repro runs list' shows the runs in this store."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Something_that_is_not_an_id_fails_with_one_line()
    {
        var result = _cli.Run("runs", "show", "not-an-id");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'not-an-id' is not a run id or id prefix", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ambiguous_prefix_fails_and_names_the_candidates()
    {
        // 17 runs over 16 possible first characters: at least two share one.
        var ids = Enumerable.Range(0, 17).Select(_ => _cli.CreateRun()).ToList();
        var shared = ids.GroupBy(id => id.Value[0]).First(g => g.Count() > 1);

        var result = _cli.Run("runs", "show", shared.Key.ToString());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("is ambiguous", line, StringComparison.Ordinal);
        Assert.Contains(shared.Min(id => id.Value)!, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_holds_the_list_object_and_a_summary_of_each_metric_without_history()
    {
        var id = _cli.CreateRun(
            parameters: new Dictionary<string, string> { ["lr"] = "0.01" },
            metrics: [("loss", 0.9, 0), ("loss", double.NaN, 1), ("loss", 0.4, 2), ("loss", 0.6, 3)]);

        var result = _cli.Run("runs", "show", id.Value, "--json");
        var listed = _cli.Run("runs", "list", "--json").Json()[0];

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal(["run", "metrics", "texts"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(listed.GetRawText(), json.GetProperty("run").GetRawText());
        var loss = json.GetProperty("metrics").GetProperty("loss");
        Assert.Equal(["last", "step", "count", "min", "max"], loss.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.6, loss.GetProperty("last").GetDouble());
        Assert.Equal(3, loss.GetProperty("step").GetInt64());
        Assert.Equal(4, loss.GetProperty("count").GetInt32());
        Assert.Equal(0.4, loss.GetProperty("min").GetDouble());
        Assert.Equal(0.9, loss.GetProperty("max").GetDouble());
        Assert.Equal(0, json.GetProperty("texts").GetArrayLength());
    }

    [Fact]
    public void Json_with_history_lists_every_point_in_logged_order()
    {
        var id = _cli.CreateRun(metrics: [("loss", 0.9, 0), ("loss", double.PositiveInfinity, 1)], startMs: 1_700_000_000_000);

        var loss = _cli.Run("runs", "show", id.Value, "--json", "--history").Json().GetProperty("metrics").GetProperty("loss");

        var history = loss.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(["step", "value", "timestamp_ms"], history[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.9, history[0].GetProperty("value").GetDouble());
        Assert.Equal(1_700_000_000_000, history[0].GetProperty("timestamp_ms").GetInt64());
        Assert.Equal("Infinity", history[1].GetProperty("value").GetString());
        Assert.Equal(1, history[1].GetProperty("step").GetInt64());
    }

    [Fact]
    public void A_metric_that_is_only_NaN_has_NaN_extremes()
    {
        var id = _cli.CreateRun(metrics: [("broken", double.NaN, 0)]);

        var broken = _cli.Run("runs", "show", id.Value, "--json").Json().GetProperty("metrics").GetProperty("broken");
        var plain = _cli.Run("runs", "show", id.Value);

        Assert.Equal("NaN", broken.GetProperty("min").GetString());
        Assert.Equal("NaN", broken.GetProperty("max").GetString());
        Assert.Contains($"  broken  NaN   0     1      NaN  NaN  {Sparkline.NonFinite}", plain.OutputLines);
    }

    [Fact]
    public void A_failed_run_shows_its_failure_reason_and_all_tags()
    {
        var id = _cli.CreateRun(
            status: RunStatus.Failed,
            tags: new Dictionary<string, string> { [SystemTags.FailureReason] = "Process exited with code 3", [SystemTags.ExitCode] = "3" });

        var result = _cli.Run("runs", "show", id.Value);

        Assert.Contains("status      FAILED", result.OutputLines);
        Assert.Contains("failure     Process exited with code 3", result.OutputLines);
        Assert.Contains("  repro.exit_code       3", result.OutputLines);
        Assert.Contains("  repro.failure_reason  Process exited with code 3", result.OutputLines);
    }

    [Fact]
    public void A_running_run_has_no_end_and_a_duration_so_far()
    {
        var id = _cli.CreateRun(status: RunStatus.Running, startMs: 1_700_000_000_000);

        var plain = _cli.Run("runs", "show", id.Value);
        var run = _cli.Run("runs", "show", id.Value, "--json").Json().GetProperty("run");

        Assert.Contains("status      RUNNING", plain.OutputLines);
        Assert.Contains("end         -", plain.OutputLines);
        Assert.Contains(plain.OutputLines, line => line.StartsWith("duration ", StringComparison.Ordinal) && line.EndsWith(" so far", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("end_time_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("duration_ms").ValueKind);
    }

    [Fact]
    public void Saved_output_is_listed_by_size_with_a_hint_and_printed_exactly_with_text()
    {
        var id = _cli.CreateRun();
        const string Captured = "epoch 1 loss 0.5\népoque 2\n";
        using (var store = _cli.OpenStore())
        {
            store.PutRunText(id, "stdout", Captured);
            store.PutRunText(id, "stderr", new string('w', 3000));
        }

        var shown = _cli.Run("runs", "show", id.Value);
        var json = _cli.Run("runs", "show", id.Value, "--json").Json().GetProperty("texts");
        var printed = _cli.Run("runs", "show", id.Value[..8], "--text", "stdout");

        Assert.Equal(
        [
            "saved output",
            "  stdout  27 B",
            "  stderr  2.9 KiB",
            $"  (print one with: repro runs show {id.Value[..8]} --text stdout)",
        ], shown.OutputLines[^4..]);
        Assert.Equal("stdout", json[0].GetProperty("name").GetString());
        Assert.Equal(27, json[0].GetProperty("size_bytes").GetInt64());
        Assert.Equal(3000, json[1].GetProperty("size_bytes").GetInt64());
        Assert.Equal(0, printed.ExitCode);
        Assert.Equal(Captured, printed.Output);
    }

    [Fact]
    public void Asking_for_a_text_the_run_does_not_have_is_an_error()
    {
        var id = _cli.CreateRun();

        var result = _cli.Run("runs", "show", id.Value, "--text", "stdout");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"repro: error: Run {id.Value[..8]} has no saved text 'stdout'. 'repro runs show {id.Value[..8]}' lists what it has."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_terminal_gets_tables_with_sparklines()
    {
        var id = _cli.CreateRun(
            parameters: new Dictionary<string, string> { ["lr"] = "0.01" },
            metrics: [("loss", 3, 0), ("loss", 2, 1), ("loss", 1, 2), ("loss", 0, 3)]);

        var result = _cli.RunInTerminal("runs", "show", id.Value);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(id.Value, result.Output, StringComparison.Ordinal);
        Assert.Contains("Params", result.Output, StringComparison.Ordinal);
        Assert.Contains("Metrics", result.Output, StringComparison.Ordinal);
        Assert.Contains("█▆▃▁", result.Output, StringComparison.Ordinal);
        Assert.Contains("FINISHED", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_store_the_error_suggests_repro_init()
    {
        using var bare = new CliHarness();

        var result = bare.Run("runs", "show", "abc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("repro init", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
