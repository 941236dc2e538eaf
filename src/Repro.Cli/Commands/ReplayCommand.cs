using System.CommandLine;
using System.Text.Json;
using Repro.Cli.Running;
using Repro.Environments;
using Repro.Replay;
using Repro.Tracking;

namespace Repro.Cli.Commands;

/// <summary><c>repro replay RUN [--in-place] [--json]</c>: re-executes a run and says whether it came out the same.</summary>
internal static class ReplayCommand
{
    private const string Description =
        "Re-execute a run with its recorded command, params and seed, and compare the results bit for bit.\n"
        + "\n"
        + "The replay runs in a temporary git worktree of the recorded commit with the recorded uncommitted\n"
        + "diff applied (removed afterwards), or with --in-place in the current folder. It is recorded as a new\n"
        + "run tagged repro.replay_of=ORIGINAL_ID. Then every param, every metric point (value bits and step,\n"
        + "in order; timestamps excluded; not the sampled system/ series), the exit code and every output\n"
        + "file digest are compared:\n"
        + "  IDENTICAL         all the same (exit code 0)\n"
        + "  WITHIN_TOLERANCE  metric values differ by no more than the run's --tolerance values (exit code 0)\n"
        + "  DIFFERENT         the first difference is named (exit code 3); a crashing replay is DIFFERENT\n"
        + "followed by the environment drift between the two runs' manifests. The command's own output goes to\n"
        + "stderr, so stdout holds only the verdict.";

    private static readonly Argument<string> RunArgument = new("RUN") { Description = "The run to replay: a full id or a unique prefix." };

    private static readonly Option<bool> InPlace = new("--in-place")
    {
        Description = "Run in the current folder as it is, instead of a clean checkout of the recorded commit (warns when HEAD or the uncommitted changes differ).",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("replay", Description);
        command.Arguments.Add(RunArgument);
        command.Options.Add(InPlace);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));
        return command;
    }

    private static int Execute(CliContext context)
    {
        using var store = context.OpenStore();
        var originalId = store.ResolveRun(context.Value(RunArgument));
        var original = store.GetRun(originalId);
        var data = store.GetRunData(originalId);
        var command = RecordedCommand(originalId, data);
        var manifest = ManifestCapture.Load(store, originalId);
        var inPlace = context.ParseResult.GetValue(InPlace);
        var warnings = new List<string>();
        if (!inPlace && manifest?.Git is null)
        {
            throw new ReplayException(manifest is null
                ? $"Run {originalId.Value[..8]} has no environment manifest, so its commit is unknown: replay it with --in-place."
                : $"Run {originalId.Value[..8]} was not made in a git repository, so there is no commit to check out: replay it with --in-place.");
        }

        if (manifest?.Command is { Source: not "repro run" })
        {
            warnings.Add("the run was started in-process: its command names the program as built when it ran, not as built from the checkout.");
        }

        using var checkout = inPlace ? null : ReplayCheckout.Create(context.Environment.CurrentDirectory, manifest!.Git!, store.GetRunText(originalId, EnvironmentManifest.DiffTextName));
        var workingDirectory = checkout?.WorkingDirectory ?? context.Environment.CurrentDirectory;
        // The command's output goes to stderr: stdout carries only the verdict.
        var childEnvironment = context.Environment with { Out = context.Error, CurrentDirectory = workingDirectory };
        var tolerances = data.Tags.Where(t => t.Key.StartsWith(RunComparison.TolerancePrefix, StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var request = new RunRequest(
            original.ExperimentName,
            TruncateName($"replay of {original.Name}"),
            original.Seed,
            [.. data.Params.OrderBy(p => p.Key, StringComparer.Ordinal)],
            tolerances,
            command,
            CommandResolver.Resolve(command[0], context.Environment.GetVariable("PATH"), workingDirectory),
            [new(SystemTags.ReplayOf, originalId.Value)]);

        var outcome = new RunSupervisor(childEnvironment).Execute(store, request);
        var comparison = RunComparison.Compare(store, originalId, outcome.RunId);
        var replayManifest = ManifestCapture.Load(store, outcome.RunId);
        var drift = manifest is not null && replayManifest is not null
            ? ManifestComparison.Compare(manifest, replayManifest).Where(c => inPlace || !IsCheckoutArtifact(c)).ToList()
            : [];
        if (inPlace && manifest?.Git is { } recorded)
        {
            if (replayManifest?.Git is not { } now)
            {
                warnings.Add("the current folder is not in a git repository: the code may differ from the recorded commit.");
            }
            else if (now.Commit != recorded.Commit || now.DiffDigest != recorded.DiffDigest)
            {
                warnings.Add(now.Commit != recorded.Commit
                    ? $"HEAD is {now.Commit[..12]}, the run was made at {recorded.Commit[..12]}: the code may differ."
                    : "the uncommitted changes differ from the run's: the code may differ.");
            }
        }

        Report(context, originalId, outcome.RunId, inPlace, comparison, drift, warnings, manifest is null || replayManifest is null);
        return comparison.Verdict == ReplayVerdict.Different ? CliApp.CheckFoundDifference : CliApp.Success;
    }

    /// <summary>The recorded command line, or why the run cannot be replayed.</summary>
    private static string[] RecordedCommand(RunId id, RunData data)
    {
        if (!data.Tags.TryGetValue(SystemTags.Command, out var json))
        {
            var why = data.Tags.GetValueOrDefault(SystemTags.NotReplayable);
            throw new ReplayException(why is null
                ? $"Run {id.Value[..8]} was not made by 'repro run' and recorded no command line, so it cannot be replayed. Record runs with 'repro run -- COMMAND'."
                : $"Run {id.Value[..8]} cannot be replayed: {why}.");
        }

        string[]? command;
        try
        {
            command = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException)
        {
            command = null;
        }

        if (command is not { Length: > 0 })
        {
            throw new ReplayException($"Run {id.Value[..8]} has an unreadable command line ({SystemTags.Command} = {TrackingLimits.Shorten(json)}), so it cannot be replayed.");
        }

        var redacted = Array.FindIndex(command, a => a.Contains(SecretRedactor.Marker, StringComparison.Ordinal));
        if (redacted >= 0)
        {
            throw new ReplayException($"Run {id.Value[..8]}'s command line had a secret removed (argument {redacted}: {command[redacted]}), so it cannot be run again as recorded. Pass secrets through the environment, which is never recorded.");
        }

        return command;
    }

    private static void Report(CliContext context, RunId originalId, RunId replayId, bool inPlace, RunComparisonResult comparison, IReadOnlyList<ManifestChange> drift, List<string> warnings, bool noManifest)
    {
        var verdict = comparison.Verdict switch
        {
            ReplayVerdict.Identical => "IDENTICAL",
            ReplayVerdict.WithinTolerance => "WITHIN_TOLERANCE",
            _ => "DIFFERENT",
        };
        if (context.Json)
        {
            var difference = comparison.Difference;
            CliJson.Write(context.Out, new
            {
                verdict,
                original_run_id = originalId.Value,
                replay_run_id = replayId.Value,
                checkout = inPlace ? "in_place" : "worktree",
                difference = difference is null ? null : new { kind = difference.Kind, key = difference.Key, step = difference.Step, original = difference.Original, replay = difference.Replay, message = difference.Message },
                tolerated = comparison.Tolerated.Select(t => new { metric = t.Metric, max_abs_difference = t.MaxAbsDifference, tolerance = t.Tolerance, points_differing = t.PointsDiffering }),
                compared = new { @params = comparison.Params, metrics = comparison.Metrics, metric_points = comparison.MetricPoints, outputs = comparison.Outputs },
                environment_drift = EnvCommand.ChangesJson(drift),
                warnings,
            });
            return;
        }

        foreach (var warning in warnings)
        {
            context.Error.WriteLine($"repro: warning: {warning}");
        }

        context.Out.WriteLine($"{verdict}: replay {replayId.Value[..8]} of run {originalId.Value[..8]} ({comparison.Params} params, {comparison.Metrics} metrics with {comparison.MetricPoints} points, {comparison.Outputs} outputs compared)");
        if (comparison.Difference is { } different)
        {
            context.Out.WriteLine($"  first difference: {different.Message}");
        }

        foreach (var tolerated in comparison.Tolerated)
        {
            context.Out.WriteLine($"  {tolerated.Metric}: {tolerated.PointsDiffering} points differ, by at most {RunComparison.Number(tolerated.MaxAbsDifference)} (tolerance {RunComparison.Number(tolerated.Tolerance)})");
        }

        if (noManifest)
        {
            context.Out.WriteLine("  environment drift: unknown (a run has no manifest)");
        }
        else if (drift.Count == 0)
        {
            context.Out.WriteLine("  environment drift: none");
        }
        else
        {
            context.Out.WriteLine($"  environment drift ({drift.Count}):");
            EnvCommand.WriteChanges(context.Out, drift, "    ");
        }
    }

    /// <summary>What a temporary worktree changes by design: its absolute folder and its detached HEAD.</summary>
    private static bool IsCheckoutArtifact(ManifestChange change) =>
        (change.Section == "command" && change.Key == "working_directory") || (change.Section == "git" && change.Key == "branch");

    private static string TruncateName(string name) => name.Length <= TrackingLimits.MaxNameLength ? name : name[..TrackingLimits.MaxNameLength];
}
