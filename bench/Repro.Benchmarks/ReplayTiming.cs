using System.Diagnostics;
using System.Globalization;
using Repro.Cli;
using Repro.Environments;

namespace Repro.Benchmarks;

/// <summary>
/// <c>manifest</c>: how long capturing a run's environment manifest takes, cold (first capture in the
/// process: JIT, probes, git) and warm (later captures: git only), in a git repository.
/// <c>replay</c>: what <c>repro replay</c> adds beyond the run itself (worktree, diff, comparison) for a
/// run with 10,000 metric points written by a shell script.
/// </summary>
internal static class ReplayTiming
{
    public static int Manifest(string[] args)
    {
        var folder = args.Length > 0 ? Path.GetFullPath(args[0]) : Directory.GetCurrentDirectory();
        var warmRuns = IngestComparison.Option(args, "--warm", 50);
        var request = new ManifestRequest(folder, ["bash", "train.sh"], "repro run", 1, EnvironmentAllowList.ProcessVariables(), null, PackagesFromLockFiles: true);
        var started = Stopwatch.GetTimestamp();
        var first = ManifestCapture.Capture(request, TimeProvider.System);
        var cold = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var warm = new List<double>();
        for (var i = 0; i < warmRuns; i++)
        {
            started = Stopwatch.GetTimestamp();
            ManifestCapture.Capture(request, TimeProvider.System);
            warm.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        warm.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"manifest capture in {folder} (git: {(first.Manifest.Git is null ? "none" : first.Manifest.Git.Dirty ? "dirty" : "clean")}, {first.Manifest.Packages.Items.Count} packages, {first.Json.Length} bytes of JSON): cold {cold:F1} ms; warm median {warm[warm.Count / 2]:F1} ms, p90 {warm[warm.Count * 9 / 10]:F1} ms over {warmRuns}"));
        return 0;
    }

    public static int Replay(string[] args)
    {
        var points = IngestComparison.Option(args, "--points", 10_000);
        using var folder = new TempFolder("repro-bench-replay-");
        var root = folder.Path;
        File.WriteAllText(Path.Combine(root, "train.sh"), $$"""
            for i in $(seq 1 {{points}}); do echo "{\"key\": \"loss\", \"value\": $(( REPRO_SEED % 1000 )).$i, \"step\": $i}"; done >> "$REPRO_METRICS"
            """);
        Git(root, "init", "-q", "-b", "main");
        Git(root, "-c", "user.email=b@b", "-c", "user.name=b", "commit", "-q", "--allow-empty", "-m", "empty");
        File.WriteAllText(Path.Combine(root, ".gitignore"), ".repro/\n");
        Git(root, "add", ".");
        Git(root, "-c", "user.email=b@b", "-c", "user.name=b", "commit", "-q", "-m", "first");
        Cli(root, "init");

        var bare = Time(() => Git(root, "status")); // warm git and the file cache
        bare = Time(() =>
        {
            using var process = Process.Start(new ProcessStartInfo("bash", ["-c", "export REPRO_SEED=1 REPRO_METRICS=/dev/null; bash train.sh"]) { WorkingDirectory = root })!;
            process.WaitForExit();
        });
        var run = Time(() => Cli(root, "run", "--seed", "1", "--", "bash", "train.sh"));
        var id = Cli(root, "runs", "list", "--json").Split('"').SkipWhile(s => s != "run_id").Skip(2).First();
        var replay = Time(() => Cli(root, "replay", id));
        var inPlace = Time(() => Cli(root, "replay", id, "--in-place"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{points:N0} points: script alone {bare:F0} ms; repro run {run:F0} ms; repro replay {replay:F0} ms (+{replay - run:F0} ms over the run); replay --in-place {inPlace:F0} ms (+{inPlace - run:F0} ms)"));
        return 0;
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Cli(string folder, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, false, Environment.GetEnvironmentVariable, folder, TimeProvider.System);
        var exitCode = CliApp.Run(args, environment);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"repro {string.Join(' ', args)} exited {exitCode}: {error}");
        }

        return output.ToString();
    }

    private static void Git(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("git", args) { WorkingDirectory = folder, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }
}
