using System.Globalization;
using System.Text.Json;
using Repro.Cli.Running;
using Repro.Cli.Tests.Support;
using Repro.Profiling;
using Repro.Tracking;

namespace Repro.Cli.Tests;

[Collection(ProcessAccountingCollection.Name)]
public sealed class RunProfilingTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private static readonly GpuReading BusyGpu = new(87, 30_000_000_000, 80_000_000_000, 300_000, 70, 9_000_000);

    [Theory]
    [InlineData("Invalid --max-memory '4XB'", "--max-memory", "4XB")]
    [InlineData("Invalid --max-memory 'lots'", "--max-memory", "lots")]
    [InlineData("Invalid --max-time 'ten minutes'", "--max-time", "ten minutes")]
    [InlineData("Invalid --max-time '10'", "--max-time", "10")]
    [InlineData("Invalid --sample-interval 'often'", "--sample-interval", "often")]
    [InlineData("Unknown device 'tpu': expected auto, cpu, cuda or cuda:N.", "--device", "tpu")]
    [InlineData("Device 'cuda:3' is not available: this machine has 1 GPU(s), cuda:0 to cuda:0.", "--device", "cuda:3")]
    public void A_bad_budget_or_device_is_one_clear_line_exit_code_1_and_no_run(string message, string option, string value)
    {
        using var workspace = new RunWorkspace { Nvml = FakeNvml.With(BusyGpu) };

        var result = workspace.Run("run", option, value, "--", "bash", "-c", "touch ran");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"repro: error: {message}", line, StringComparison.Ordinal);
        Assert.Empty(workspace.AllRuns());
        Assert.False(File.Exists(Path.Combine(workspace.Folder, "ran")));
    }

    [Fact]
    public void Auto_without_a_gpu_runs_on_the_cpu_with_a_one_line_notice_and_records_why()
    {
        using var workspace = new RunWorkspace { Nvml = FakeNvml.Absent("libnvidia-ml.so.1 (the NVIDIA driver) is not installed") };

        var result = workspace.Run("run", "--device", "auto", "--", "bash", "-c", "echo \"device=$REPRO_DEVICE\"");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("device=cpu", result.Out, StringComparison.Ordinal);
        Assert.Single(result.ErrorLines, l => l == "repro: no usable GPU (libnvidia-ml.so.1 (the NVIDIA driver) is not installed); running on the CPU.");
        using var store = workspace.OpenStore();
        var tags = store.GetRunData(workspace.SingleRun().Id).Tags;
        Assert.Equal("cpu", tags[ProfilingTags.Device]);
        Assert.Contains("no usable GPU", tags[ProfilingTags.DeviceReason], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_with_a_gpu_passes_it_on_and_samples_it_through_nvml()
    {
        using var workspace = new RunWorkspace { Nvml = FakeNvml.With(BusyGpu) };
        const string script = """
            echo "device=$REPRO_DEVICE"
            for i in $(seq 1200); do [ -e go ] && exit 0; sleep 0.05; done
            exit 9
            """;

        var running = Task.Run(() => workspace.Run("run", "--device", "auto", "--sample-interval", "0.05s", "--", "bash", "-c", script));
        RunPolling.Until(() => HasMetric(workspace, "system/gpu_0_utilization_percentage"), "a GPU window is in the store");
        await File.WriteAllTextAsync(Path.Combine(workspace.Folder, "go"), string.Empty);
        var result = await running.WaitAsync(ExitTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("device=cuda:0", result.Out, StringComparison.Ordinal);
        using var store = workspace.OpenStore();
        var run = workspace.SingleRun();
        Assert.Equal(87, store.GetMetricHistory(run.Id, "system/gpu_0_utilization_percentage_max")[0].Value);
        Assert.Equal(300, store.GetMetricHistory(run.Id, "system/gpu_0_power_usage_watts")[0].Value);
        Assert.Contains(SystemMetrics.ProcessRss, store.GetMetricKeys(run.Id));
        Assert.Equal("cuda:0", store.GetRunData(run.Id).Tags[ProfilingTags.Device]);
    }

    [Fact]
    public void A_grandchild_left_running_by_a_command_that_exited_is_measured_and_stopped_by_max_time()
    {
        using var workspace = new RunWorkspace();
        const string script = "sleep 300 & echo \"grandchild=$!\"; exit 0";

        var result = workspace.Run("run", "--max-time", "1s", "--", "bash", "-c", script);

        var grandchild = int.Parse(result.Out.Split("grandchild=")[1].Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(143, result.ExitCode);
        Assert.Single(result.ErrorLines, l => l.Contains($"still running (pid {grandchild})", StringComparison.Ordinal));
        Assert.Single(result.ErrorLines, l => l.StartsWith("repro: Exceeded --max-time 1.0s", StringComparison.Ordinal));
        var run = workspace.SingleRun();
        Assert.Equal(RunStatus.Killed, run.Status);
        using var store = workspace.OpenStore();
        var tags = store.GetRunData(run.Id).Tags;
        Assert.Equal("max-time", tags[ProfilingTags.BudgetExceeded]);
        Assert.StartsWith("Exceeded --max-time", tags[SystemTags.FailureReason], StringComparison.Ordinal);
        RunPolling.Until(() => !IsRunning(grandchild), "the grandchild is gone");
    }

    [Fact]
    public void A_grandchild_over_the_memory_budget_is_stopped_and_the_run_keeps_what_was_logged()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            echo '{"key": "loss", "value": 0.5}' >> "$REPRO_METRICS"
            ( x=$(head -c 300000000 /dev/zero | tr '\0' x); sleep 300 ) &
            echo "grandchild=$!"
            exit 0
            """;

        var result = workspace.Run("run", "--max-memory", "100MB", "--sample-interval", "0.1s", "--", "bash", "-c", script);

        var grandchild = int.Parse(result.Out.Split("grandchild=")[1].Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(143, result.ExitCode);
        Assert.Single(result.ErrorLines, l => l.StartsWith("repro: Exceeded --max-memory 100.0 MB: the command's processes used", StringComparison.Ordinal));
        var run = workspace.SingleRun();
        Assert.Equal(RunStatus.Killed, run.Status);
        using var store = workspace.OpenStore();
        var data = store.GetRunData(run.Id);
        Assert.Equal("max-memory", data.Tags[ProfilingTags.BudgetExceeded]);
        Assert.Equal(0.5, data.LatestMetrics["loss"].Value);
        Assert.Equal("100000000", data.Tags[ProfilingTags.MaxMemory]);
        Assert.True(RunProfile.Load(store, run.Id)!.Run.PeakRssBytes > 100_000_000);
        RunPolling.Until(() => !IsRunning(grandchild), "the grandchild is gone");
    }

    [Fact]
    public void A_command_killed_by_a_signal_fails_with_128_plus_the_signal_and_says_so()
    {
        using var workspace = new RunWorkspace();

        var result = workspace.Run("run", "--", "bash", "-c", "kill -KILL $$");

        Assert.Equal(137, result.ExitCode);
        var run = workspace.SingleRun();
        Assert.Equal(RunStatus.Failed, run.Status);
        using var store = workspace.OpenStore();
        Assert.Equal("exited with code 137 (128 + 9: ended by SIGKILL)", store.GetRunData(run.Id).Tags[SystemTags.FailureReason]);
        Assert.NotNull(RunProfile.Load(store, run.Id));
    }

    [Fact]
    public void Profile_reports_a_wrapped_commands_run_as_json_and_as_a_trace()
    {
        using var workspace = new RunWorkspace();
        // The command stays up for a few samples after allocating: in this shared test host the waited-for
        // children's maximum RSS (getrusage) is a lifetime maximum another test may already have raised, so
        // the peak must come from sampling the tree, as it would for any long-running command.
        var ran = workspace.Run("run", "--sample-interval", "0.05s", "--", "bash", "-c", "x=$(head -c 50000000 /dev/zero | tr '\\0' x); sleep 0.5; echo ${#x}");
        Assert.Equal(0, ran.ExitCode);
        var id = workspace.SingleRun().Id.Value;

        var json = workspace.Run("profile", id[..8], "--json", "--trace", "trace.json");

        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var run = document.RootElement.GetProperty("run");
        Assert.Equal("repro run", document.RootElement.GetProperty("source").GetString());
        Assert.True(run.GetProperty("wall_seconds").GetDouble() > 0);
        Assert.True(run.GetProperty("cpu_user_seconds").GetDouble() + run.GetProperty("cpu_system_seconds").GetDouble() > 0);
        Assert.True(run.GetProperty("peak_rss_bytes").GetInt64() >= 50_000_000);
        using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Folder, "trace.json")));
        Assert.Single(trace.RootElement.GetProperty("traceEvents").EnumerateArray(), e => e.GetProperty("ph").GetString() == "X");
    }

    private static bool HasMetric(RunWorkspace workspace, string key)
    {
        var runs = workspace.AllRuns();
        if (runs.Count == 0)
        {
            return false;
        }

        using var store = workspace.OpenStore();
        return store.GetMetricKeys(runs[0].Id).Contains(key);
    }

    /// <summary>True while the process exists and is not a zombie (a zombie has ended; only its parent has not collected it).</summary>
    private static bool IsRunning(int pid) => ProcFs.ReadStat(pid) is { State: not 'Z' };
}
