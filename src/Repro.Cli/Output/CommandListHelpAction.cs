using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Repro.Cli;

/// <summary>
/// Help for a command that groups others (<c>repro</c>, <c>repro runs</c>): each subcommand with the first
/// line of its description only, so a long description that teaches (such as <c>repro run</c>'s) shows in
/// full in its own help without flooding the overview. Leaf commands, and commands whose only subcommands are
/// hidden (such as <c>repro demo</c>), get System.CommandLine's own help. Hidden subcommands are never listed.
/// </summary>
internal sealed class CommandListHelpAction(HelpAction fallback, TextWriter output) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        if (!command.Subcommands.Any(c => !c.Hidden))
        {
            return fallback.Invoke(parseResult);
        }

        Write(command, Path(parseResult), output);
        return CliApp.Success;
    }

    public static void Write(Command command, string path, TextWriter output)
    {
        output.WriteLine(command.Description);
        output.WriteLine();
        output.WriteLine($"Usage: {path} COMMAND [options]      ({path} COMMAND --help for details)");
        output.WriteLine();
        output.WriteLine("Commands:");
        var visible = command.Subcommands.Where(c => !c.Hidden).ToList();
        var width = visible.Max(c => c.Name.Length) + 2;
        foreach (var sub in visible)
        {
            var summary = (sub.Description ?? string.Empty).Split('\n')[0].Trim();
            var sentenceEnd = summary.IndexOf(". ", StringComparison.Ordinal);
            summary = sentenceEnd > 0 ? summary[..(sentenceEnd + 1)] : summary;
            output.WriteLine($"  {sub.Name.PadRight(width)}{summary}");
        }

        var options = command.Options.Where(o => !o.Hidden).ToList();
        if (options.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Options:");
            foreach (var option in options)
            {
                var names = string.Join(", ", option.Aliases.Prepend(option.Name).Where(n => n.StartsWith('-')).Distinct().OrderBy(n => n.Length));
                output.WriteLine(option.HelpName is null ? $"  {names}" : $"  {names} <{option.HelpName}>");
                if (!string.IsNullOrEmpty(option.Description))
                {
                    output.WriteLine($"      {option.Description}");
                }
            }
        }
    }

    private static string Path(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
