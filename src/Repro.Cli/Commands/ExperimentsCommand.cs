using System.CommandLine;
using System.Globalization;
using Repro.Storage;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary><c>repro experiments list</c>.</summary>
internal static class ExperimentsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var list = new Command("list", "List experiments with their run counts.");
        list.Options.Add(CliOptions.Json);
        list.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));
        var command = new Command("experiments", "Work with experiments (named groups of runs).");
        command.Subcommands.Add(list);
        return command;
    }

    private static int Execute(CliContext context)
    {
        using var store = context.OpenStore();
        var rows = store.ListExperiments()
            .Select(e => (Experiment: e, Runs: store.CountRuns(new RunQuery { ExperimentNames = [e.Name] })))
            .ToList();
        if (context.Json)
        {
            CliJson.Write(context.Out, rows.Select(r => new { id = r.Experiment.Id, name = r.Experiment.Name, created_ms = r.Experiment.CreatedMs, run_count = r.Runs }));
            return CliApp.Success;
        }

        if (rows.Count == 0)
        {
            context.Out.WriteLine("No experiments yet. Create a run with 'repro run -- COMMAND' or 'repro demo'.");
            return CliApp.Success;
        }

        if (!context.IsTerminal)
        {
            foreach (var (experiment, runs) in rows)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{experiment.Name}\t{runs}\t{CliFormat.Time(experiment.CreatedMs)}"));
            }

            return CliApp.Success;
        }

        var table = new Table().AddColumns("Experiment", "Runs", "Created");
        foreach (var (experiment, runs) in rows)
        {
            table.AddRow(Markup.Escape(experiment.Name), runs.ToString(CultureInfo.InvariantCulture), CliFormat.Time(experiment.CreatedMs));
        }

        context.Console.Write(table);
        return CliApp.Success;
    }
}
