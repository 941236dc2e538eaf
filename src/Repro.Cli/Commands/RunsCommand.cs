using System.CommandLine;

namespace Repro.Cli.Commands;

/// <summary><c>repro runs</c>: the group of <c>list</c> and <c>show</c>.</summary>
internal static class RunsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("runs", "Look at runs: list and filter them, or show one in full.");
        command.Subcommands.Add(RunsListCommand.Create(environment));
        command.Subcommands.Add(RunsShowCommand.Create(environment));
        return command;
    }
}
