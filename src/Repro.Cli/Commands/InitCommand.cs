using System.CommandLine;
using Repro.Storage;

namespace Repro.Cli.Commands;

/// <summary><c>repro init</c>: creates the embedded store in <c>.repro/</c> of the current folder.</summary>
internal static class InitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("init", "Create a Repro store in .repro/ here (or at --store). Safe to run again: an existing store is kept.");
        command.Options.Add(CliOptions.Json);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));
        return command;
    }

    private static int Execute(CliContext context)
    {
        var explicitStore = context.ParseResult.GetValue(CliOptions.Store);
        var location = explicitStore is null
            ? StoreLocation.ForProject(context.Environment.CurrentDirectory)
            : StoreLocation.Parse(explicitStore, context.Environment.CurrentDirectory);
        var existed = location.Scheme == "sqlite" && File.Exists(location.Path);
        using var store = CliContext.Registry.Create(location);
        if (context.Json)
        {
            CliJson.Write(context.Out, new { store = store.Uri, created = !existed });
        }
        else
        {
            context.Out.WriteLine(existed ? $"Store already exists: {store.Uri}" : $"Created store: {store.Uri}");
            context.Out.WriteLine("Next: repro run -- python train.py   (or: repro demo)");
        }

        return CliApp.Success;
    }
}
