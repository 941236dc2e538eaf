using System.Globalization;
using System.Text.Json;
using Repro.Cli.Running;
using Repro.Cli.Tests.Support;
using Repro.Tracking;

namespace Repro.Cli.Tests;

public sealed class RunCommandTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Metric_lines_are_stored_exactly_with_their_steps_and_bad_lines_are_counted()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            m="$REPRO_METRICS"
            echo '{"key": "loss", "value": 0.5, "step": 1}' >> "$m"
            echo '{"key": "loss", "value": 0.1, "step": 2, "timestamp": 1700000000123}' >> "$m"
            echo '{"key": "loss", "value": "NaN", "step": 3}' >> "$m"
            echo 'this is not json' >> "$m"
            echo '' >> "$m"
            echo '{"key": "acc", "value": Infinity}' >> "$m"
            echo '{"key": "bad key!", "value": 1}' >> "$m"
            printf '{"key": "acc", "value": "-Infinity", "step": 7}' >> "$m"
            """;

        var result = workspace.Run("run", "--", "bash", "-c", script);

        Assert.Equal(0, result.ExitCode);
        var run = workspace.SingleRun();
        using var store = workspace.OpenStore();
        var loss = store.GetMetricHistory(run.Id, "loss");
        Assert.Equal([1L, 2L, 3L], loss.Select(p => p.Step));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.5), BitConverter.DoubleToInt64Bits(loss[0].Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1), BitConverter.DoubleToInt64Bits(loss[1].Value));
        Assert.True(double.IsNaN(loss[2].Value));
        Assert.Equal(1700000000123, loss[1].TimestampMs);
        var acc = store.GetMetricHistory(run.Id, "acc");
        Assert.Equal([(0L, double.PositiveInfinity), (7L, double.NegativeInfinity)], acc.Select(p => (p.Step, p.Value)));
        Assert.Equal("2", store.GetRunData(run.Id).Tags[SystemTags.RejectedMetricLines]);
        Assert.Single(result.ErrorLines, l => l.StartsWith("repro: metrics file line 4 ignored: not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_are_taken_in_while_the_command_runs()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            echo '{"key": "live", "value": 1, "step": 1}' >> "$REPRO_METRICS"
            for i in $(seq 600); do [ -e go ] && exit 0; sleep 0.05; done
            exit 9
            """;

        var running = Task.Run(() => workspace.Run("run", "--", "bash", "-c", script));
        RunPolling.Until(() => LiveMetricCount(workspace) == 1, "the point is in the store while the command still runs");
        File.WriteAllText(Path.Combine(workspace.Folder, "go"), string.Empty);
        var result = await running.WaitAsync(ExitTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(RunStatus.Finished, workspace.SingleRun().Status);
    }

    [Fact]
    public async Task Output_without_a_line_break_shows_at_once_and_is_saved_as_printed()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            printf 'epoch 1: 50%%'
            for i in $(seq 600); do [ -e go ] && break; sleep 0.05; done
            printf ' 100%%\n'
            """;
        var stdout = new RunLiveWriter();

        var running = Task.Run(() => workspace.Run(stdout, "run", "--", "bash", "-c", script));
        RunPolling.Until(() => stdout.Text.Contains("epoch 1: 50%", StringComparison.Ordinal), "the partial line is shown");
        File.WriteAllText(Path.Combine(workspace.Folder, "go"), string.Empty);
        var result = await running.WaitAsync(ExitTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("epoch 1: 50% 100%\n", result.Out);
        using var store = workspace.OpenStore();
        Assert.Equal(result.Out, store.GetRunText(workspace.SingleRun().Id, "stdout"));
    }

    [Fact]
    public void Params_seed_and_run_reach_the_command_and_its_output_is_saved_with_the_run()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            echo "seed=$REPRO_SEED"
            echo "params=$REPRO_PARAMS"
            echo "run=$REPRO_RUN_ID"
            echo "store=$REPRO_STORE"
            echo "unbuffered=$PYTHONUNBUFFERED"
            echo 'to stderr' >&2
            """;

        var result = workspace.Run(
            "run", "--experiment", "exp1", "--name", "first", "--seed", "18446744073709551615",
            "-p", "lr=0.01", "--param", "note=two words", "--", "bash", "-c", script);

        Assert.Equal(0, result.ExitCode);
        var run = workspace.SingleRun();
        Assert.Equal(("exp1", "first", ulong.MaxValue), (run.ExperimentName, run.Name, run.Seed));
        var lines = result.Out.Split('\n');
        Assert.Equal("seed=18446744073709551615", lines[0]);
        var passed = JsonSerializer.Deserialize<Dictionary<string, string>>(lines[1]["params=".Length..]);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.01", ["note"] = "two words" }, passed);
        Assert.Equal($"run={run.Id}", lines[2]);
        Assert.Equal($"store=sqlite:{workspace.DatabasePath}", lines[3]);
        Assert.Equal("unbuffered=1", lines[4]);
        using var store = workspace.OpenStore();
        var data = store.GetRunData(run.Id);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.01", ["note"] = "two words" }, data.Params);
        Assert.Equal(result.Out, store.GetRunText(run.Id, "stdout"));
        Assert.Equal("to stderr\n", store.GetRunText(run.Id, "stderr"));
        Assert.Contains("to stderr", result.Error, StringComparison.Ordinal);
        Assert.Equal($"repro: run {run.Id} started (experiment exp1, seed 18446744073709551615)", result.ErrorLines[0]);
    }

    [Fact]
    public void A_seed_is_drawn_recorded_and_passed_when_none_is_given()
    {
        using var workspace = new RunWorkspace();

        var result = workspace.Run("run", "--", "bash", "-c", "echo $REPRO_SEED");

        var run = workspace.SingleRun();
        Assert.Equal(run.Seed.ToString(CultureInfo.InvariantCulture) + "\n", result.Out);
        Assert.Contains($"seed {run.Seed})", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, RunStatus.Finished)]
    [InlineData(3, RunStatus.Failed)]
    public void The_exit_code_sets_the_status_and_is_returned(int exitCode, RunStatus status)
    {
        using var workspace = new RunWorkspace();

        var result = workspace.Run("run", "--", "sh", "-c", $"exit {exitCode}");

        Assert.Equal(exitCode, result.ExitCode);
        var run = workspace.SingleRun();
        Assert.Equal(status, run.Status);
        Assert.NotNull(run.EndTimeMs);
        using var store = workspace.OpenStore();
        var tags = store.GetRunData(run.Id).Tags;
        Assert.Equal(exitCode.ToString(CultureInfo.InvariantCulture), tags[SystemTags.ExitCode]);
        Assert.Equal(exitCode == 0 ? null : $"exited with code {exitCode}", tags.GetValueOrDefault(SystemTags.FailureReason));
        var id8 = run.Id.Value[..8];
        var last = result.ErrorLines[^1];
        Assert.StartsWith($"repro: run {id8} {status.ToName()} in ", last, StringComparison.Ordinal);
        Assert.EndsWith($"(exit code {exitCode}) — next: repro runs show {id8}", last, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_and_tolerances_are_recorded_as_tags()
    {
        using var workspace = new RunWorkspace();

        workspace.Run("run", "--tolerance", "loss=1e-9", "--tolerance", "acc=0", "--", "sh", "-c", "exit 0", "arg with space");

        var run = workspace.SingleRun();
        using var store = workspace.OpenStore();
        var tags = store.GetRunData(run.Id).Tags;
        Assert.Equal("1e-9", tags["repro.tolerance.loss"]);
        Assert.Equal("0", tags["repro.tolerance.acc"]);
        Assert.Equal(["sh", "-c", "exit 0", "arg with space"], JsonSerializer.Deserialize<string[]>(tags[SystemTags.Command])!);
    }

    [Fact]
    public void Options_after_the_double_dash_belong_to_the_command()
    {
        using var workspace = new RunWorkspace();

        var result = workspace.Run("run", "--", "sh", "-c", "echo \"$@\"", "sh", "--json", "-p", "x=1", "--");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("--json -p x=1 --\n", result.Out);
        using var store = workspace.OpenStore();
        Assert.Empty(store.GetRunData(workspace.SingleRun().Id).Params);
    }

    [Fact]
    public void Json_prints_a_summary_after_the_commands_output()
    {
        using var workspace = new RunWorkspace();

        var result = workspace.Run("run", "--json", "--", "sh", "-c", "echo hello; exit 4");

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("hello\n", result.Out, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(result.Out["hello\n".Length..]);
        var root = summary.RootElement;
        Assert.Equal(workspace.SingleRun().Id.Value, root.GetProperty("run_id").GetString());
        Assert.Equal("FAILED", root.GetProperty("status").GetString());
        Assert.Equal(4, root.GetProperty("exit_code").GetInt32());
        Assert.True(root.GetProperty("duration_ms").GetInt64() >= 0);
    }

    [Fact]
    public void Output_files_are_recorded_with_their_sizes_and_blake3_digests()
    {
        using var workspace = new RunWorkspace();
        // BLAKE3 test vectors (BLAKE3-team/BLAKE3, test_vectors/test_vectors.json): the input of length n is
        // the bytes 0, 1, ..., 250, 0, 1, ... and the default 32-byte hash is the first 64 hex characters.
        File.WriteAllBytes(Path.Combine(workspace.Folder, "vector.bin"), [.. Enumerable.Range(0, 1025).Select(i => (byte)(i % 251))]);
        File.WriteAllBytes(Path.Combine(workspace.Folder, "one.bin"), [0]);
        const string script = """
            mkdir -p "$REPRO_OUTPUTS/sub"
            cp vector.bin "$REPRO_OUTPUTS/sub/model.bin"
            cp one.bin "$REPRO_OUTPUTS/b.bin"
            : > "$REPRO_OUTPUTS/a empty.txt"
            : > "$REPRO_OUTPUTS/.hidden"
            """;

        var result = workspace.Run("run", "--", "bash", "-c", script);

        Assert.Equal(0, result.ExitCode);
        var run = workspace.SingleRun();
        using var store = workspace.OpenStore();
        var outputs = JsonSerializer.Deserialize<JsonElement[]>(store.GetRunData(run.Id).Tags[SystemTags.Outputs])!
            .Select(e => (e.GetProperty("path").GetString(), e.GetProperty("size_bytes").GetInt64(), e.GetProperty("digest").GetString()));
        Assert.Equal(
            [
                (".hidden", 0L, "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"),
                ("a empty.txt", 0L, "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"),
                ("b.bin", 1L, "blake3:2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"),
                ("sub/model.bin", 1025L, "blake3:d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"),
            ],
            outputs);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(workspace.DatabasePath)!, "runs", run.Id.Value, "outputs", "sub", "model.bin")));
    }

    [Fact]
    public void Output_files_become_a_folder_artifact_produced_by_the_run()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            mkdir -p "$REPRO_OUTPUTS/sub"
            printf 'weights' > "$REPRO_OUTPUTS/sub/model.bin"
            """;

        var result = workspace.Run("run", "--", "bash", "-c", script);

        Assert.Equal(0, result.ExitCode);
        var run = workspace.SingleRun();
        using var store = workspace.OpenStore();
        var repository = Repro.Artifacts.ArtifactRepository.Open(store);
        var version = repository.ResolveVersion($"other/outputs-{run.Id.Value[..8]}");
        Assert.Equal(run.Id, version.ProducerRun);
        Assert.True(version.IsDirectory);
        Assert.Equal(version.Digest, store.GetRunData(run.Id).Tags[SystemTags.OutputsArtifact]);
        var file = repository.Objects.TryReadManifest(repository.Objects.TryReadManifest(version.Digest)!.Entries.Single().Digest!)!.Entries.Single();
        Assert.Equal(("model.bin", Repro.Artifacts.ContentDigest.Of("weights"u8)), (file.Name, file.Digest));
    }

    [Theory]
    [InlineData("Command 'no-such-command-xyz' not found on PATH", "run", "--", "no-such-command-xyz")]
    [InlineData("Command './missing.sh' not found", "run", "--", "./missing.sh")]
    [InlineData("Invalid -p 'lr': expected key=value", "run", "-p", "lr", "--", "true")]
    [InlineData("Invalid -p '=1': expected key=value", "run", "-p", "=1", "--", "true")]
    [InlineData("Invalid -p 'bad key!=1'", "run", "-p", "bad key!=1", "--", "true")]
    [InlineData("Param 'lr' is given twice", "run", "-p", "lr=1", "-p", "lr=2", "--", "true")]
    [InlineData("Invalid --seed '-1'", "run", "--seed", "-1", "--", "true")]
    [InlineData("Invalid --seed 'abc'", "run", "--seed", "abc", "--", "true")]
    [InlineData("Invalid --seed '18446744073709551616'", "run", "--seed", "18446744073709551616", "--", "true")]
    [InlineData("Invalid --tolerance 'loss=-1': the tolerance must be a finite number >= 0", "run", "--tolerance", "loss=-1", "--", "true")]
    [InlineData("Invalid --tolerance 'loss=NaN'", "run", "--tolerance", "loss=NaN", "--", "true")]
    [InlineData("Invalid --tolerance 'loss=1e999'", "run", "--tolerance", "loss=1e999", "--", "true")]
    [InlineData("Invalid --tolerance 'loss': expected metric=VALUE", "run", "--tolerance", "loss", "--", "true")]
    [InlineData("Put '--' before the command", "run", "true")]
    [InlineData("Give the command to run after '--'", "run")]
    [InlineData("Give the command to run after '--'", "run", "--")]
    public void Bad_input_is_one_clear_error_and_creates_no_run(string message, params string[] args)
    {
        using var workspace = new RunWorkspace();

        var result = workspace.Run(args);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("repro: error: " + message, line, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.Empty(workspace.AllRuns());
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(workspace.DatabasePath)!, "runs")));
    }

    [Fact]
    public void A_script_without_execute_permission_is_a_clear_error_and_creates_no_run()
    {
        using var workspace = new RunWorkspace();
        File.WriteAllText(Path.Combine(workspace.Folder, "train.sh"), "#!/bin/sh\necho hi\n");

        var result = workspace.Run("run", "--", "./train.sh");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("repro: error: './train.sh' is not executable", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(workspace.AllRuns());
    }

    [Theory]
    [InlineData(PosixProcess.SigInt, "SIGINT")]
    [InlineData(PosixProcess.SigTerm, "SIGTERM")]
    public void A_signal_is_passed_on_and_the_run_ends_killed_with_the_commands_exit_code(int signal, string name)
    {
        using var workspace = new RunWorkspace();
        using var wrapper = new RunWrapperProcess(workspace.Folder, "run", "--", "bash", "-c", "touch started; exec sleep 30");
        RunPolling.Until(() => File.Exists(Path.Combine(workspace.Folder, "started")), "the command has started");

        wrapper.Signal(signal);
        var exitCode = wrapper.WaitForExit(ExitTimeout);

        Assert.Equal(128 + signal, exitCode);
        var run = workspace.SingleRun();
        Assert.Equal(RunStatus.Killed, run.Status);
        using var store = workspace.OpenStore();
        var tags = store.GetRunData(run.Id).Tags;
        Assert.Equal($"Received {name}", tags[SystemTags.FailureReason]);
        Assert.Equal((128 + signal).ToString(CultureInfo.InvariantCulture), tags[SystemTags.ExitCode]);
        // The signal may come just before repro has seen the command start; either way it is passed on.
        Assert.Matches($"received {name}; passed it on to the command|passed {name} on to the command", wrapper.Error);
        Assert.Contains($"repro: run {run.Id.Value[..8]} KILLED in ", wrapper.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_sigint_kills_a_command_that_ignores_the_first()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            trap '' INT
            touch started
            for i in $(seq 600); do sleep 0.05; done
            """;
        using var wrapper = new RunWrapperProcess(workspace.Folder, "run", "--", "bash", "-c", script);
        RunPolling.Until(() => File.Exists(Path.Combine(workspace.Folder, "started")), "the command has started");

        wrapper.Signal(PosixProcess.SigInt);
        RunPolling.Until(() => wrapper.Error.Contains("Send it again", StringComparison.Ordinal), "repro has passed on the first signal");
        wrapper.Signal(PosixProcess.SigInt);
        var exitCode = wrapper.WaitForExit(ExitTimeout);

        Assert.Equal(128 + PosixProcess.SigKill, exitCode);
        var run = workspace.SingleRun();
        Assert.Equal(RunStatus.Killed, run.Status);
        using var store = workspace.OpenStore();
        Assert.StartsWith("Received SIGINT; the command did not stop", store.GetRunData(run.Id).Tags[SystemTags.FailureReason], StringComparison.Ordinal);
    }

    [Fact]
    public void Sigkill_of_repro_mid_run_leaves_a_readable_store_and_a_failed_run_with_its_metrics()
    {
        using var workspace = new RunWorkspace();
        const string script = """
            echo '{"key": "loss", "value": 1.5, "step": 1}' >> "$REPRO_METRICS"
            echo '{"key": "loss", "value": 0.75, "step": 2}' >> "$REPRO_METRICS"
            for i in $(seq 600); do echo tick || exit 0; sleep 0.05; done
            """;
        // The loop stops once repro is gone: writing to its closed pipe fails (children of a .NET process
        // inherit an ignored SIGPIPE, so it is the failed write, not the signal, that ends it).
        using var wrapper = new RunWrapperProcess(workspace.Folder, "run", "--", "bash", "-c", script);
        RunPolling.Until(() => LiveMetricCount(workspace, "loss") == 2, "both points are in the store");

        wrapper.Signal(PosixProcess.SigKill);
        wrapper.WaitForExit(ExitTimeout);

        var run = workspace.SingleRun();
        Assert.Equal(RunStatus.Running, run.Status);
        using var store = workspace.OpenStore();
        Assert.Equal([run.Id], StaleRunReaper.Reap(store));
        Assert.Equal(RunStatus.Failed, store.GetRun(run.Id).Status);
        Assert.Contains("exited without ending the run", store.GetRunData(run.Id).Tags[SystemTags.FailureReason], StringComparison.Ordinal);
        Assert.Equal([(1L, 1.5), (2L, 0.75)], store.GetMetricHistory(run.Id, "loss").Select(p => (p.Step, p.Value)));
    }

    private static int LiveMetricCount(RunWorkspace workspace, string key = "live")
    {
        using var store = workspace.OpenStore();
        var runs = store.SearchRuns(new Storage.RunQuery { Limit = 10 });
        return runs.Count == 1 ? store.GetMetricHistory(runs[0].Id, key).Count : 0;
    }
}
