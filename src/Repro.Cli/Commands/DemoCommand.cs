using System.CommandLine;
using System.Globalization;
using Repro.Cli.Demo;
using Repro.Cli.Running;
using Repro.Replay;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro demo</c>: Repro's main jobs on one small, real experiment. The training runs as a child process
/// (<c>repro demo train</c>, hidden) under <see cref="RunSupervisor"/>, exactly as <c>repro run</c> would run it, so
/// the run is recorded with its command line and environment; then <see cref="RunReplayer"/> replays it in place and
/// the verdict is printed, followed by what to try next. The store is created in <c>.repro/</c> here when none is found.
/// </summary>
internal static class DemoCommand
{
    private const string Description =
        "Show what Repro does on one small, real experiment, in a few seconds on a laptop CPU.\n"
        + "\n"
        + "A small MLP (TorchSharp, CPU, one thread) learns to tell two interleaved spirals apart (3,000 points):\n"
        + "  1. the training runs as a tracked run, as 'repro run' runs any program: its command line, params, seed\n"
        + "     and environment are recorded. Phase 'data' records the dataset's fingerprint and a hash split into\n"
        + "     train/validation/test (80/10/10); phase 'train' logs train_loss, val_loss and val_accuracy per epoch\n"
        + "     and stores the model as a checkpoint artifact (checkpoint/demo-mlp, named by its BLAKE3 digest);\n"
        + "     phase 'evaluate' logs the test predictions and test_accuracy, test_roc_auc, test_f1, test_log_loss,\n"
        + "     each with a 95% bootstrap interval (test_METRIC_ci_low, test_METRIC_ci_high);\n"
        + "  2. the run is replayed: its recorded command runs again with the same seed and params, and every param\n"
        + "     and metric point is compared bit for bit. Expect IDENTICAL (exit code 3 if DIFFERENT);\n"
        + "  3. what to type next to look at the run, its environment, the checkpoint's lineage (the data is stored\n"
        + "     as dataset/spirals, which the run uses) and its profile.\n"
        + "\n"
        + "The seed decides the initial weights, the batch order and the bootstrap resamples; the data and the split are\n"
        + "the same for every seed, so 'repro compare' can pair two demo runs' test predictions row by row. Same seed,\n"
        + "bit-identical metrics and checkpoint.\n"
        + "\n"
        + "With --json, only this object is printed on stdout (the training's output goes to stderr): {run_id,\n"
        + "experiment, seed (a decimal string), store, created_store, epochs, test: {rows, level, resamples,\n"
        + "metrics: [{name, value, ci_low, ci_high}]}, checkpoint: {name, digest}, replay: {run_id, verdict}}.";

    private static readonly Option<string?> Seed = new("--seed")
    {
        Description = $"The run's root seed, a whole number from 0 to {ulong.MaxValue}. Default: {DemoSettings.DefaultSeed}, so the demo is reproducible as is.",
        HelpName = "S",
    };

    private static readonly Option<string> Experiment = new("--experiment", "-e")
    {
        Description = "The experiment to record the runs in.",
        HelpName = "NAME",
        DefaultValueFactory = _ => "demo",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("demo", Description) { Seed, Experiment, CliOptions.Json };
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));

        // The training half, started by the demo as its tracked child: one code path for what is recorded and replayed.
        var train = new Command("train", "Train the demo model inside the tracked run named by REPRO_RUN_ID (started by 'repro demo').")
        {
            Hidden = true,
        };
        train.SetAction(parseResult => CliApp.Guard(parseResult, environment, Train));
        command.Subcommands.Add(train);
        return command;
    }

    private static int Execute(CliContext context)
    {
        var seed = RunArguments.ParseSeed(context.ParseResult.GetValue(Seed)) ?? DemoSettings.DefaultSeed;
        var experiment = context.Value(Experiment);
        TrackingLimits.ValidateName("experiment", experiment);
        var command = (IReadOnlyList<string>)[.. CliExecutable.Command(), "demo", "train"];

        var (store, created) = OpenOrCreateStore(context);
        using var _ = store;
        var progress = context.Json ? context.Error : context.Out;
        if (created)
        {
            progress.WriteLine($"No Repro store found here or above; created {store.Uri}");
        }

        progress.WriteLine($"Demo in experiment '{experiment}', seed {seed.ToString(CultureInfo.InvariantCulture)}: a small MLP (TorchSharp, CPU) learns two interleaved spirals,");
        progress.WriteLine("run as a tracked child process (as 'repro run' runs any program), then replayed and compared bit for bit.");
        var request = new RunRequest(experiment, null, seed, [], [], command, command[0]);
        var outcome = new RunSupervisor(context.Environment with { Out = progress }).Execute(store, request);
        var shortId = outcome.RunId.Value[..8];
        if (outcome.Status != RunStatus.Finished)
        {
            // Exit as the training did (130 after Ctrl-C, as 'repro run' would); the run and its output are kept.
            context.Error.WriteLine($"repro: error: the demo's run {shortId} ended {outcome.Status.ToName()} ({outcome.Reason}); its output is above and in 'repro runs show {shortId}'.");
            return outcome.ExitCode != 0 ? outcome.ExitCode : CliApp.InternalError;
        }

        var results = DemoResults.Read(store, outcome.RunId);
        progress.WriteLine($"Run {shortId} FINISHED in {CliFormat.Duration(outcome.DurationMs)}. Replaying it: the recorded command again, in place, with the same seed and params...");
        // The replay's own output is kept with the replay run; only its verdict is shown here.
        var quiet = context.Environment with { Out = TextWriter.Null, Error = TextWriter.Null };
        var replay = RunReplayer.Replay(quiet, store, outcome.RunId, inPlace: true);
        var verdict = RunReplayer.VerdictName(replay.Comparison.Verdict);

        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                run_id = outcome.RunId.Value,
                experiment,
                seed = seed.ToString(CultureInfo.InvariantCulture),
                store = store.Uri,
                created_store = created,
                epochs = results.Epochs,
                test = new
                {
                    rows = results.TestRows,
                    level = results.Level,
                    resamples = results.Resamples,
                    metrics = results.TestMetrics.Select(m => new { name = m.Name, value = m.Value, ci_low = m.Low, ci_high = m.High }),
                },
                checkpoint = new { name = results.Checkpoint, digest = results.CheckpointDigest },
                replay = new { run_id = replay.ReplayId.Value, verdict },
            });
        }
        else
        {
            Report(context.Out, shortId, replay, verdict);
        }

        return replay.Comparison.Verdict == ReplayVerdict.Different ? CliApp.CheckFoundDifference : CliApp.Success;
    }

    /// <summary><c>repro demo train</c>: trains into the run <c>repro demo</c> (or <c>repro run</c>) created for it.</summary>
    private static int Train(CliContext context)
    {
        if (string.IsNullOrEmpty(context.Environment.GetVariable(RunEnvironment.RunId)))
        {
            throw new ReproException("'repro demo train' is the training half of 'repro demo' and runs inside a tracked run: type 'repro demo'.");
        }

        using var store = context.OpenStore();
        using var run = Run.Start(new RunOptions
        {
            Store = store,
            EnvironmentReader = context.Environment.GetVariable,
            TimeProvider = context.Environment.Time,
        });
        DemoTraining.Train(run, new DemoSettings(), context.Out);
        return CliApp.Success;
    }

    private static (IRunStore Store, bool Created) OpenOrCreateStore(CliContext context)
    {
        try
        {
            context.LocateStore();
        }
        catch (StoreException)
        {
            // Only when nothing names a store and no .repro/ is found: the demo should just work.
            return (CliContext.Registry.Create(StoreLocation.ForProject(context.Environment.CurrentDirectory)), true);
        }

        return (context.OpenStore(), false);
    }

    private static void Report(TextWriter output, string shortId, ReplayOutcome replay, string verdict)
    {
        var comparison = replay.Comparison;
        output.WriteLine($"{verdict}: replay {replay.ReplayId.Value[..8]} of run {shortId} ({comparison.Params} params, {comparison.Metrics} metrics with {comparison.MetricPoints} points compared)");
        if (comparison.Difference is { } difference)
        {
            output.WriteLine($"  first difference: {difference.Message}");
        }

        foreach (var warning in replay.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        output.WriteLine(replay.NoManifest
            ? "  environment drift: unknown (a run has no manifest)"
            : replay.Drift.Count == 0 ? "  environment drift: none" : $"  environment drift: {replay.Drift.Count} changes (repro env diff {shortId} {replay.ReplayId.Value[..8]})");
        output.WriteLine();
        output.WriteLine("Next:");
        var lines = new (string Command, string What)[]
        {
            ($"repro runs show {shortId}", "the run: params, metrics with sparklines, dataset and split tags"),
            ($"repro env show {shortId}", "the environment it recorded: runtime, CPU, packages, threads, command"),
            ($"repro artifacts lineage checkpoint/{DemoSettings.CheckpointName}", "the checkpoint: the run that produced it, the dataset that run used"),
            ($"repro profile {shortId}", "where time and memory went, phase by phase (data, train, evaluate)"),
            ($"repro demo --seed 7", $"another seed; then 'repro compare {shortId} NEW_RUN': better, or noise?"),
            ("repro run -- <your command>", "track, replay and profile your own program the same way"),
        };
        var width = lines.Max(l => l.Command.Length) + 3;
        foreach (var (command, what) in lines)
        {
            output.WriteLine($"  {command.PadRight(width)}{what}");
        }
    }
}
