using Repro.Cli.Tests.Support;
using Repro.Environments;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class EnvCommandTests
{
    private static CliHarness GitProject()
    {
        var harness = new CliHarness();
        harness.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        File.WriteAllText(Path.Combine(harness.Folder, "train.sh"), "echo training\n");
        Directory.CreateDirectory(Path.Combine(harness.Folder, "src", "App"));
        File.WriteAllText(Path.Combine(harness.Folder, "src", "App", "packages.lock.json"), """
            {"version": 1, "dependencies": {"net10.0": {
              "Blake3": {"type": "Direct", "requested": "[2.0.0, )", "resolved": "2.0.0", "contentHash": "abc="},
              "Repro": {"type": "Project"}}}}
            """);
        GitFolder.InitAndCommit(harness.Folder);
        harness.Init();
        return harness;
    }

    private static RunId RunScript(CliHarness harness, params string[] extra)
    {
        var result = harness.Run(["run", "--seed", "7", .. extra, "--", "bash", "train.sh"]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var store = harness.OpenStore();
        return store.SearchRuns(new Storage.RunQuery { Limit = 1 })[0].Id;
    }

    private static void ReplaceManifest(CliHarness harness, RunId id, Func<EnvironmentManifest, EnvironmentManifest> change)
    {
        using var store = harness.OpenStore();
        var manifest = ManifestCapture.Load(store, id)!;
        store.PutRunText(id, EnvironmentManifest.TextName, ManifestCapture.ToJson(change(manifest)));
    }

    [Fact]
    public void Show_lists_what_can_change_numeric_results_before_the_rest()
    {
        using var harness = GitProject();
        var id = RunScript(harness);

        var result = harness.Run("env", "show", id.Value[..8]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.OutputLines;
        var numeric = Array.IndexOf(lines, "Can change numeric results:");
        var other = Array.IndexOf(lines, "Other:");
        Assert.True(numeric > 0 && other > numeric, result.Output);
        Assert.True(Array.IndexOf(lines, "  isa") is var isa && isa > numeric && isa < other);
        Assert.True(Array.IndexOf(lines, "  git") > other);
        Assert.Contains(lines, l => l.StartsWith("    root", StringComparison.Ordinal) && l.EndsWith("  7", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    Blake3", StringComparison.Ordinal) && l.Contains("2.0.0 sha512-abc=", StringComparison.Ordinal));
    }

    [Fact]
    public void Show_json_prints_the_stored_manifest_and_git_diff_prints_the_stored_diff()
    {
        using var harness = GitProject();
        File.AppendAllText(Path.Combine(harness.Folder, "train.sh"), "echo changed\n");
        var id = RunScript(harness);

        var json = harness.Run("env", "show", id.Value, "--json").Json();
        var diff = harness.Run("env", "show", id.Value, "--git-diff");

        Assert.Equal(1, json.GetProperty("schema_version").GetInt32());
        Assert.Equal("7", json.GetProperty("seeds").GetProperty("root").GetString());
        Assert.True(json.GetProperty("git").GetProperty("dirty").GetBoolean());
        Assert.Equal(["bash", "train.sh"], json.GetProperty("command").GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(0, diff.ExitCode);
        Assert.StartsWith("diff --git a/train.sh b/train.sh", diff.Output, StringComparison.Ordinal);
        Assert.Contains("+echo changed", diff.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_shows_numeric_changes_first_and_nothing_for_matching_environments()
    {
        using var harness = GitProject();
        var a = RunScript(harness);
        var b = RunScript(harness);
        ReplaceManifest(harness, b, m => m with
        {
            Os = m.Os with { Kernel = "9.9.9-test" },
            Runtime = m.Runtime with { Version = "99.0.0" },
            Threads = m.Threads with { ThreadPoolMinWorkers = 64 },
        });

        var same = harness.Run("env", "diff", a.Value, a.Value);
        var text = harness.Run("env", "diff", a.Value[..8], b.Value[..8]);
        var json = harness.Run("env", "diff", a.Value, b.Value, "--json").Json();

        Assert.Equal(0, same.ExitCode);
        Assert.Contains("do not differ", same.Output, StringComparison.Ordinal);
        Assert.Equal(0, text.ExitCode);
        var lines = text.OutputLines;
        var threads = Array.FindIndex(lines, l => l.Contains("threads.thread_pool_min_workers", StringComparison.Ordinal));
        var runtime = Array.FindIndex(lines, l => l.Contains($"runtime.version: {Environment.Version} -> 99.0.0", StringComparison.Ordinal));
        var kernel = Array.FindIndex(lines, l => l.Contains("os.kernel", StringComparison.Ordinal) && l.EndsWith("-> 9.9.9-test", StringComparison.Ordinal));
        Assert.True(threads > 0 && runtime > 0 && kernel > runtime && kernel > threads, text.Output);
        Assert.False(json.GetProperty("identical").GetBoolean());
        var changes = json.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(3, changes.Count);
        Assert.True(changes[0].GetProperty("affects_numerics").GetBoolean());
        Assert.Equal("kernel", changes[^1].GetProperty("key").GetString());
        Assert.Equal("9.9.9-test", changes[^1].GetProperty("b").GetString());
    }

    [Fact]
    public void A_run_without_a_manifest_is_a_clear_error()
    {
        using var harness = new CliHarness().Init();
        var id = harness.CreateRun();

        var show = harness.Run("env", "show", id.Value);
        var diff = harness.Run("env", "diff", id.Value, id.Value);

        Assert.Equal(1, show.ExitCode);
        Assert.Equal($"repro: error: Run {id.Value[..8]} has no environment manifest: it was recorded before manifests existed, or with capture turned off.", show.ErrorLines.Single());
        Assert.Equal(1, diff.ExitCode);
        Assert.Empty(show.Output);
    }

    [Fact]
    public void Dockerfile_names_the_exact_sdk_image_restores_locked_and_runs_the_recorded_command()
    {
        using var harness = GitProject();
        var id = RunScript(harness, "-p", "lr=0.01", "--tolerance", "loss=1e-9");
        using var store = harness.OpenStore();
        var manifest = ManifestCapture.Load(store, id)!;

        var result = harness.Run("env", "dockerfile", id.Value[..8]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.OutputLines;
        Assert.Contains($"FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/sdk:{manifest.Runtime.SdkVersion}", lines);
        Assert.Matches(@"^\d+\.\d+\.\d+", manifest.Runtime.SdkVersion);
        Assert.Contains("RUN dotnet restore --locked-mode src/App", lines);
        Assert.Contains($"RUN dotnet tool install --tool-path /usr/local/bin Repro.Cli --version {manifest.Runtime.ReproVersion}", lines);
        Assert.Contains("RUN repro init", lines);
        Assert.Contains("""ENTRYPOINT ["repro","run","--experiment","Default","--seed","7","-p","lr=0.01","--tolerance","loss=1e-9","--"]""", lines);
        Assert.Equal("""CMD ["bash","train.sh"]""", lines[^1]);
        Assert.Contains($"#   git worktree add --detach ../run-{id.Value[..8]} {manifest.Git!.Commit}", lines);
    }
}
