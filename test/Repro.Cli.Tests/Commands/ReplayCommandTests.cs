using Repro.Cli.Tests.Support;
using Repro.Environments;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class ReplayCommandTests
{
    // loss comes from the seed only; the uncommitted line (added after the commit) adds 1000, so a replay
    // that did not apply the recorded diff would differ.
    private const string SeededScript = """
        v=$(( REPRO_SEED % 1000 ))
        echo "{\"key\": \"loss\", \"value\": $v, \"step\": 1}" >> "$REPRO_METRICS"
        echo "{\"key\": \"loss\", \"value\": $(( v / 2 )), \"step\": 2}" >> "$REPRO_METRICS"
        echo "$v" > "$REPRO_OUTPUTS/result.txt"
        """;

    private static CliHarness Project(string script)
    {
        var harness = new CliHarness();
        harness.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        File.WriteAllText(Path.Combine(harness.Folder, "train.sh"), script + "\n");
        GitFolder.InitAndCommit(harness.Folder);
        harness.Init();
        return harness;
    }

    private static RunId RunOnce(CliHarness harness, params string[] args)
    {
        var result = harness.Run(["run", "--seed", "4242", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var store = harness.OpenStore();
        return store.SearchRuns(new Storage.RunQuery { Limit = 1 })[0].Id;
    }

    private static int RunCount(CliHarness harness)
    {
        using var store = harness.OpenStore();
        return store.SearchRuns(new Storage.RunQuery { Limit = 1000 }).Count;
    }

    [Fact]
    public void A_seeded_shell_script_replays_identical_in_a_clean_checkout_with_the_diff_applied()
    {
        using var harness = Project(SeededScript);
        File.AppendAllText(Path.Combine(harness.Folder, "train.sh"), "echo '{\"key\": \"extra\", \"value\": 1000}' >> \"$REPRO_METRICS\"\n");
        var original = RunOnce(harness, "-p", "lr=0.1", "--", "bash", "train.sh");

        var result = harness.Run("replay", original.Value[..8], "--json");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var json = result.Json();
        Assert.Equal("IDENTICAL", json.GetProperty("verdict").GetString());
        Assert.Equal("worktree", json.GetProperty("checkout").GetString());
        Assert.Equal(2, json.GetProperty("compared").GetProperty("metrics").GetInt32());
        Assert.Equal(3, json.GetProperty("compared").GetProperty("metric_points").GetInt64());
        Assert.Equal(1, json.GetProperty("compared").GetProperty("outputs").GetInt32());
        Assert.Empty(json.GetProperty("environment_drift").EnumerateArray());
        using var store = harness.OpenStore();
        var replayId = RunId.Parse(json.GetProperty("replay_run_id").GetString()!);
        var replay = store.GetRunData(replayId);
        Assert.Equal(original.Value, replay.Tags[SystemTags.ReplayOf]);
        Assert.Equal("0.1", replay.Params["lr"]);
        Assert.Equal(4242UL, store.GetRun(replayId).Seed);
        // The temporary worktree is gone.
        Assert.Single(GitFolder.Git(harness.Folder, "worktree", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Sampled_system_metrics_differ_between_runs_and_are_not_compared()
    {
        // The run's sampler logs system/ series (CPU, memory) that differ on every run; this script fakes one.
        using var harness = Project(SeededScript + "\necho \"{\\\"key\\\": \\\"system/cpu_utilization_percentage\\\", \\\"value\\\": $(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}\" >> \"$REPRO_METRICS\"");
        var original = RunOnce(harness, "--", "bash", "train.sh");

        var json = harness.Run("replay", original.Value, "--json").Json();

        Assert.Equal("IDENTICAL", json.GetProperty("verdict").GetString());
        Assert.Equal(1, json.GetProperty("compared").GetProperty("metrics").GetInt32());
        using var store = harness.OpenStore();
        Assert.Contains("system/cpu_utilization_percentage", store.GetMetricKeys(original));
    }

    [Theory]
    [InlineData("echo \"{\\\"key\\\": \\\"loss\\\", \\\"value\\\": $(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}\" >> \"$REPRO_METRICS\"")]
    [InlineData("echo \"{\\\"key\\\": \\\"loss\\\", \\\"value\\\": $(date +%s%N)}\" >> \"$REPRO_METRICS\"")]
    public void A_script_that_reads_the_clock_or_urandom_replays_different_naming_the_metric(string script)
    {
        using var harness = Project(script);
        var original = RunOnce(harness, "--", "bash", "train.sh");

        var result = harness.Run("replay", original.Value);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("DIFFERENT: replay ", result.OutputLines[0], StringComparison.Ordinal);
        Assert.StartsWith("  first difference: metric loss at step 0: ", result.OutputLines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seeded", 0, "IDENTICAL")]
    [InlineData("unseeded", 3, "DIFFERENT")]
    public void A_dotnet_program_replays_identical_when_seeded_from_the_run_and_different_when_not(string mode, int exitCode, string verdict)
    {
        using var harness = Project("unused");
        var original = RunOnce(harness, "--", TestChild.DotnetHost, TestChild.Path, "train", "-", mode);

        var result = harness.Run("replay", original.Value, "--json");

        Assert.True(result.ExitCode == exitCode, result.Output + result.Error);
        var json = result.Json();
        Assert.Equal(verdict, json.GetProperty("verdict").GetString());
        if (verdict == "IDENTICAL")
        {
            Assert.Equal(5, json.GetProperty("compared").GetProperty("metric_points").GetInt64());
        }
        else
        {
            var difference = json.GetProperty("difference");
            Assert.Equal("metric", difference.GetProperty("kind").GetString());
            Assert.Equal("loss", difference.GetProperty("key").GetString());
            Assert.Equal(1, difference.GetProperty("step").GetInt64());
            Assert.NotEqual(difference.GetProperty("original").GetString(), difference.GetProperty("replay").GetString());
        }
    }

    [Fact]
    public void Differences_within_the_declared_tolerance_are_within_tolerance()
    {
        const string script = """
            n=$(( $(od -An -N2 -tu2 /dev/urandom) + 1 ))
            echo "{\"key\": \"loss\", \"value\": 0.5${n}, \"step\": 1}" >> "$REPRO_METRICS"
            echo "{\"key\": \"acc\", \"value\": 0.75, \"step\": 1}" >> "$REPRO_METRICS"
            """;
        using var harness = Project(script.Replace("0.5${n}", "0.5000000${n}", StringComparison.Ordinal));
        var original = RunOnce(harness, "--tolerance", "loss=1e-3", "--", "bash", "train.sh");

        var result = harness.Run("replay", original.Value);
        var json = harness.Run("replay", original.Value, "--json").Json();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutputLines[0].Split(':')[0], new[] { "WITHIN_TOLERANCE", "IDENTICAL" });
        Assert.Contains(json.GetProperty("verdict").GetString(), new[] { "WITHIN_TOLERANCE", "IDENTICAL" });
        Assert.All(json.GetProperty("tolerated").EnumerateArray(), t => Assert.True(t.GetProperty("max_abs_difference").GetDouble() <= 1e-3));
    }

    [Fact]
    public void A_replay_that_crashes_is_different_with_the_reason()
    {
        using var harness = Project("test -f ready || exit 4\necho '{\"key\": \"loss\", \"value\": 1}' >> \"$REPRO_METRICS\"");
        File.WriteAllText(Path.Combine(harness.Folder, "ready"), string.Empty);
        var original = RunOnce(harness, "--", "bash", "train.sh");
        File.Delete(Path.Combine(harness.Folder, "ready"));

        var result = harness.Run("replay", original.Value, "--in-place", "--json");

        Assert.Equal(3, result.ExitCode);
        var difference = result.Json().GetProperty("difference");
        Assert.Equal("exit_code", difference.GetProperty("kind").GetString());
        Assert.Equal("0", difference.GetProperty("original").GetString());
        Assert.Equal("4", difference.GetProperty("replay").GetString());
        Assert.Contains("exited with code 4", difference.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void In_place_replay_warns_when_head_differs_from_the_recorded_commit()
    {
        using var harness = Project(SeededScript);
        var original = RunOnce(harness, "--", "bash", "train.sh");
        File.WriteAllText(Path.Combine(harness.Folder, "notes.txt"), "later\n");
        GitFolder.Git(harness.Folder, "add", "notes.txt");
        GitFolder.Git(harness.Folder, "commit", "-q", "-m", "later");

        var result = harness.Run("replay", original.Value, "--in-place");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("IDENTICAL", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("repro: warning: HEAD is ", StringComparison.Ordinal));
        Assert.Contains("git.commit", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_not_made_by_repro_run_cannot_be_replayed_and_nothing_is_written()
    {
        using var harness = Project(SeededScript);
        var id = harness.CreateRun();

        var result = harness.Run("replay", id.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"repro: error: Run {id.Value[..8]} was not made by 'repro run' and recorded no command line, so it cannot be replayed. Record runs with 'repro run -- COMMAND'.", result.ErrorLines.Single());
        Assert.Equal(1, RunCount(harness));
    }

    [Fact]
    public void A_commit_that_no_longer_exists_is_a_clear_error_and_nothing_is_written()
    {
        using var harness = Project(SeededScript);
        var original = RunOnce(harness, "--", "bash", "train.sh");
        using (var store = harness.OpenStore())
        {
            var manifest = ManifestCapture.Load(store, original)!;
            store.PutRunText(original, EnvironmentManifest.TextName, ManifestCapture.ToJson(manifest with { Git = manifest.Git! with { Commit = new string('b', 40) } }));
        }

        var result = harness.Run("replay", original.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"repro: error: Commit {new string('b', 40)} no longer exists in ", result.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.Equal(1, RunCount(harness));
    }

    [Fact]
    public void A_diff_that_does_not_apply_is_a_clear_error_and_the_worktree_is_removed()
    {
        using var harness = Project(SeededScript);
        File.AppendAllText(Path.Combine(harness.Folder, "train.sh"), "echo more\n");
        var original = RunOnce(harness, "--", "bash", "train.sh");
        using (var store = harness.OpenStore())
        {
            var diff = store.GetRunText(original, EnvironmentManifest.DiffTextName)!;
            store.PutRunText(original, EnvironmentManifest.DiffTextName, diff.Replace(" echo \"$v\" >", " echo \"$w\" >", StringComparison.Ordinal));
        }

        var result = harness.Run("replay", original.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("repro: error: The run's recorded diff does not apply to commit ", result.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.Equal(1, RunCount(harness));
        Assert.Single(GitFolder.Git(harness.Folder, "worktree", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
