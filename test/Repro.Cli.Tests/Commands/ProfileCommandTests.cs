using System.Text.Json;
using Repro.Cli.Tests.Support;
using Repro.Profiling;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class ProfileCommandTests
{
    private static RunId RecordRunWithPhases(CliHarness harness)
    {
        using var store = harness.OpenStore();
        using var run = Run.Start(new RunOptions
        {
            Store = store,
            HandleProcessEvents = false,
            CaptureEnvironment = false,
            PrintPhaseTable = false,
            Sampler = new SamplerOptions { Enabled = false },
            EnvironmentReader = _ => null,
        });
        using (run.Phase("train"))
        {
            for (var epoch = 0; epoch < 2; epoch++)
            {
                using var _ = run.Phase("epoch");
                GC.KeepAlive(new byte[1_000_000]);
            }
        }

        return run.Id;
    }

    [Fact]
    public void Json_reports_the_run_and_each_phase_with_wall_cpu_and_peak_memory()
    {
        using var harness = new CliHarness().Init();
        var id = RecordRunWithPhases(harness);

        var result = harness.Run("profile", id.Value[..8], "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var phases = json.RootElement.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["train", "train/epoch"], phases.Select(p => p.GetProperty("path").GetString()));
        Assert.Equal(2, phases[1].GetProperty("count").GetInt32());
        Assert.True(phases[1].GetProperty("allocated_bytes").GetInt64() >= 2_000_000);
        foreach (var element in phases.Append(json.RootElement.GetProperty("run")))
        {
            foreach (var field in new[] { "wall_seconds", "cpu_user_seconds", "cpu_system_seconds", "peak_rss_bytes" })
            {
                Assert.True(element.TryGetProperty(field, out _), field);
            }
        }
    }

    [Fact]
    public void The_text_view_shows_the_phase_table_with_nested_phases_indented()
    {
        using var harness = new CliHarness().Init();
        var id = RecordRunWithPhases(harness);

        var result = harness.Run("profile", id.Value);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Phase ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  train ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    epoch ", StringComparison.Ordinal) && l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim() == "2");
    }

    [Fact]
    public void The_trace_holds_one_complete_event_per_phase_occurrence()
    {
        using var harness = new CliHarness().Init();
        var id = RecordRunWithPhases(harness);

        var result = harness.Run("profile", id.Value, "--trace", "out.json");

        Assert.Equal(0, result.ExitCode);
        using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(harness.Folder, "out.json")));
        var spans = trace.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(["run", "train", "epoch", "epoch"], spans.Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_run_without_a_profile_is_one_clear_error()
    {
        using var harness = new CliHarness().Init();
        var id = harness.CreateRun(status: RunStatus.Running);

        var result = harness.Run("profile", id.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"repro: error: Run {id.Value[..8]} is still running; its profile is stored when it ends.", result.Error.Trim());
    }

    [Fact]
    public void An_unknown_run_is_one_clear_error()
    {
        using var harness = new CliHarness().Init();

        var result = harness.Run("profile", "abcdef12");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("repro: error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}
