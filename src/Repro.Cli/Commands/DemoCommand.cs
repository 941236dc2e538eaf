using System.CommandLine;
using System.Globalization;
using Repro.Cli.Demo;
using Repro.Storage;
using Repro.Tracking;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro demo</c>: a small, real, tracked experiment (see <see cref="LogisticRegressionDemo"/>), creating
/// the store in <c>.repro/</c> here when none is found, then saying what to try next.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var seed = new Option<ulong>("--seed")
        {
            Description = "The run's root seed; the fixed default makes the demo reproducible as is.",
            HelpName = "S",
            DefaultValueFactory = _ => DemoSettings.DefaultSeed,
        };
        var experiment = new Option<string>("--experiment", "-e")
        {
            Description = "The experiment to record the run in.",
            HelpName = "NAME",
            DefaultValueFactory = _ => "demo",
        };
        var command = new Command("demo",
            "Train a small logistic regression on synthetic data (two Gaussian blobs, 2,000 points, 8 features) as a tracked run: "
            + "params, train loss per step, validation loss and accuracy per epoch. Same seed, bit-identical metrics. "
            + "With --json: {run_id, experiment, seed, store, created_store, epochs, val_loss, val_accuracy}.")
        {
            seed, experiment, CliOptions.Json,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, context =>
            Execute(context, context.Value(seed), context.Value(experiment))));
        return command;
    }

    private static int Execute(CliContext context, ulong seed, string experiment)
    {
        var (store, created) = OpenOrCreateStore(context);
        using var _ = store;
        if (created)
        {
            (context.Json ? context.Error : context.Out).WriteLine($"No Repro store found here or above; created {store.Uri}");
        }

        var run = Run.Start(new RunOptions
        {
            Store = store,
            Experiment = experiment,
            Seed = seed,
            TimeProvider = context.Environment.Time,
            EnvironmentReader = context.Environment.GetVariable,
        });
        EpochResult result;
        try
        {
            var shortId = run.Id.Value[..8];
            if (!context.Json)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Run {shortId} in experiment '{run.Info.ExperimentName}', seed {run.Seed}: logistic regression on two Gaussian blobs"));
            }

            result = LogisticRegressionDemo.Train(run, new DemoSettings(), epoch => ReportEpoch(context, epoch));
        }
        catch (Exception ex)
        {
            run.End(RunStatus.Failed, $"{ex.GetType().Name}: {ex.Message}");
            throw;
        }

        run.End(RunStatus.Finished);
        Report(context, run, store, created, result);
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

    private static void ReportEpoch(CliContext context, EpochResult epoch)
    {
        if (context.Json)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch.Epoch,2}/{epoch.Epochs}  train_loss {epoch.TrainLoss:0.0000}  val_loss {epoch.ValidationLoss:0.0000}  val_accuracy {epoch.ValidationAccuracy:0.0000}");
        if (context.IsTerminal)
        {
            context.Console.MarkupLine($"[grey]{line}[/]");
        }
        else
        {
            context.Out.WriteLine(line);
        }
    }

    private static void Report(CliContext context, Run run, IRunStore store, bool created, EpochResult result)
    {
        var shortId = run.Id.Value[..8];
        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                run_id = run.Id.Value,
                experiment = run.Info.ExperimentName,
                seed = run.Seed.ToString(CultureInfo.InvariantCulture),
                store = store.Uri,
                created_store = created,
                epochs = result.Epochs,
                val_loss = result.ValidationLoss,
                val_accuracy = result.ValidationAccuracy,
            });
            return;
        }

        var output = context.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Run {shortId} finished: val_accuracy {result.ValidationAccuracy:0.0000}, val_loss {result.ValidationLoss:0.0000}. Same seed, same numbers: try it again."));
        output.WriteLine("Next:");
        output.WriteLine($"  repro runs show {shortId}      this run: params, metrics and their sparklines");
        output.WriteLine("  repro runs list                all runs; add --filter \"metrics.val_accuracy > 0.9\"");
        output.WriteLine("  repro run -- <your command>    track your own program the same way");
    }
}
