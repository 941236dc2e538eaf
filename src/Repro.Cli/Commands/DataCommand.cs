using System.CommandLine;

namespace Repro.Cli.Commands;

/// <summary><c>repro data</c>: the group of dataset commands (<c>split</c>).</summary>
internal static class DataCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("data", "Work with datasets: split a CSV into deterministic folds.");
        command.Subcommands.Add(DataSplitCommand.Create(environment));
        return command;
    }
}
