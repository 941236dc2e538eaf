using System.CommandLine;
using System.CommandLine.Help;
using Repro.Cli.Commands;

namespace Repro.Cli;

/// <summary>
/// The <c>repro</c> command line. Exit codes: 0 success, 1 usage or input error (one clear line on
/// stderr), 2 internal error, 3 a check that found a difference; <c>repro run</c> returns the wrapped
/// command's own exit code.
/// </summary>
internal static class CliApp
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int InternalError = 2;
    public const int CheckFoundDifference = 3;

    public static Command BuildRoot(CliEnvironment environment)
    {
        // A plain command named "repro" rather than RootCommand, whose name is the executable's
        // (Repro.Cli when run through dotnet), so usage lines read as users type them.
        var root = new Command("repro",
            "repro: reproducible, measured, comparable ML experiments.\n"
            + "Start with 'repro init' in your project, then 'repro run -- COMMAND' or 'repro demo'.");
        var help = new HelpOption();
        help.Action = new CommandListHelpAction((HelpAction)help.Action!, environment.Out);
        root.Options.Add(help);
        root.Options.Add(new VersionOption());
        root.Options.Add(CliOptions.Store);
        foreach (var command in CommandCatalog.All(environment))
        {
            root.Subcommands.Add(command);
        }

        // Bare 'repro' (or 'repro runs'): the overview on stderr and exit code 1, as for any usage error.
        SetOverviewAction(root, "repro", environment);
        return root;
    }

    private static void SetOverviewAction(Command command, string path, CliEnvironment environment)
    {
        if (command.Subcommands.Count == 0)
        {
            return;
        }

        if (command.Action is null)
        {
            command.SetAction(_ =>
            {
                CommandListHelpAction.Write(command, path, environment.Error);
                return UserError;
            });
        }

        foreach (var sub in command.Subcommands)
        {
            SetOverviewAction(sub, $"{path} {sub.Name}", environment);
        }
    }

    public static int Run(string[] args, CliEnvironment environment)
    {
        var root = BuildRoot(environment);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction and not CommandListHelpAction)
        {
            // One clear line per problem and a pointer to help, instead of the full help text.
            foreach (var error in parseResult.Errors)
            {
                environment.Error.WriteLine($"repro: error: {error.Message}");
            }

            var names = new List<string>();
            for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            {
                names.Insert(0, result.Command.Name);
            }

            environment.Error.WriteLine($"Run '{string.Join(' ', names)} --help' for usage.");
            return UserError;
        }

        return parseResult.Invoke(new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>
    /// Runs a command body, turning Repro's own exceptions into one line on stderr and exit code 1, and
    /// anything else into exit code 2 (with the stack trace only when REPRO_DEBUG is set).
    /// </summary>
    public static int Guard(ParseResult parseResult, CliEnvironment environment, Func<CliContext, int> body)
    {
        var context = new CliContext(parseResult, environment);
        try
        {
            return body(context);
        }
        catch (ReproException ex)
        {
            environment.Error.WriteLine($"repro: error: {ex.Message}");
            return UserError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            environment.Error.WriteLine($"repro: internal error: {ex.GetType().Name}: {ex.Message}");
            if (!string.IsNullOrEmpty(environment.GetVariable("REPRO_DEBUG")))
            {
                environment.Error.WriteLine(ex.ToString());
            }
            else
            {
                environment.Error.WriteLine("repro: set REPRO_DEBUG=1 for the stack trace, and please report it.");
            }

            return InternalError;
        }
    }
}
