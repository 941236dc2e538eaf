using System.Text.Json;
using Repro.Environments;
using Repro.Replay;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Re-executes a recorded run with its command, params, seed and tolerances under <see cref="RunSupervisor"/>, in a
/// temporary worktree of the recorded commit (with the recorded diff applied) or in place, then compares the two runs.
/// Used by <c>repro replay</c> and by <c>repro demo</c>.
/// </summary>
internal static class RunReplayer
{
    /// <summary>Replays <paramref name="originalId"/> and compares the replay with it.</summary>
    /// <param name="environment">Where the replayed command's output goes (its Out and Error), and the current folder.</param>
    /// <param name="store">The store both runs live in.</param>
    /// <param name="originalId">The run to replay.</param>
    /// <param name="inPlace">True to run in the current folder as it is; false for a clean checkout of the recorded commit.</param>
    /// <exception cref="ReplayException">The run cannot be replayed (no command line, a redacted argument, no commit for a checkout).</exception>
    public static ReplayOutcome Replay(CliEnvironment environment, IRunStore store, RunId originalId, bool inPlace)
    {
        var original = store.GetRun(originalId);
        var data = store.GetRunData(originalId);
        var command = RecordedCommand(originalId, data);
        var manifest = ManifestCapture.Load(store, originalId);
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

        using var checkout = inPlace ? null : ReplayCheckout.Create(environment.CurrentDirectory, manifest!.Git!, store.GetRunText(originalId, EnvironmentManifest.DiffTextName));
        var workingDirectory = checkout?.WorkingDirectory ?? environment.CurrentDirectory;
        var tolerances = data.Tags.Where(t => t.Key.StartsWith(RunComparison.TolerancePrefix, StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var request = new RunRequest(
            original.ExperimentName,
            TruncateName($"replay of {original.Name}"),
            original.Seed,
            [.. data.Params.OrderBy(p => p.Key, StringComparer.Ordinal)],
            tolerances,
            command,
            CommandResolver.Resolve(command[0], environment.GetVariable("PATH"), workingDirectory),
            [new(SystemTags.ReplayOf, originalId.Value)]);

        var outcome = new RunSupervisor(environment with { CurrentDirectory = workingDirectory }).Execute(store, request);
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

        return new ReplayOutcome(originalId, outcome.RunId, inPlace, comparison, drift, warnings, manifest is null || replayManifest is null);
    }

    /// <summary>The verdict as printed and in JSON: IDENTICAL, WITHIN_TOLERANCE or DIFFERENT.</summary>
    public static string VerdictName(ReplayVerdict verdict) => verdict switch
    {
        ReplayVerdict.Identical => "IDENTICAL",
        ReplayVerdict.WithinTolerance => "WITHIN_TOLERANCE",
        _ => "DIFFERENT",
    };

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

    /// <summary>What a temporary worktree changes by design: its absolute folder and its detached HEAD.</summary>
    private static bool IsCheckoutArtifact(ManifestChange change) =>
        (change.Section == "command" && change.Key == "working_directory") || (change.Section == "git" && change.Key == "branch");

    private static string TruncateName(string name) => name.Length <= TrackingLimits.MaxNameLength ? name : name[..TrackingLimits.MaxNameLength];
}
