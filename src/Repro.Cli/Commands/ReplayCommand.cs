using System.CommandLine;
using Repro.Cli.Running;
using Repro.Replay;

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
        // The command's output goes to stderr: stdout carries only the verdict.
        var outcome = RunReplayer.Replay(context.Environment with { Out = context.Error }, store, originalId, context.ParseResult.GetValue(InPlace));
        Report(context, outcome);
        return outcome.Comparison.Verdict == ReplayVerdict.Different ? CliApp.CheckFoundDifference : CliApp.Success;
    }

    private static void Report(CliContext context, ReplayOutcome outcome)
    {
        var (originalId, replayId, inPlace, comparison, drift, warnings, noManifest) = outcome;
        var verdict = RunReplayer.VerdictName(comparison.Verdict);
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
}
