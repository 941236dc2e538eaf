using System.CommandLine;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;
using Spectre.Console;

namespace Repro.Cli;

/// <summary>What a running command needs: its parse result, output, and the store it works on.</summary>
internal sealed class CliContext(ParseResult parseResult, CliEnvironment environment)
{
    private IAnsiConsole? _console;

    public ParseResult ParseResult { get; } = parseResult;

    public CliEnvironment Environment { get; } = environment;

    public TextWriter Out => Environment.Out;

    public TextWriter Error => Environment.Error;

    /// <summary>True when output goes to a terminal: render tables and colours; otherwise print plain lines.</summary>
    public bool IsTerminal => Environment.OutputIsTerminal;

    /// <summary>A Spectre console over <see cref="Out"/>; plain (no ANSI) when the output is not a terminal.</summary>
    public IAnsiConsole Console => _console ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    public static StoreRegistry Registry { get; } = new StoreRegistry().Register(new SqliteStoreProvider());

    /// <summary>The store location: --store, then REPRO_STORE, then the nearest .repro/ folder.</summary>
    public StoreLocation LocateStore() =>
        StoreLocator.Locate(ParseResult.GetValue(CliOptions.Store), Environment.GetVariable(StoreLocator.EnvironmentVariable), Environment.CurrentDirectory);

    /// <summary>Opens the existing store and ends runs whose process died (so they never show as RUNNING).</summary>
    public IRunStore OpenStore()
    {
        var store = Registry.Open(LocateStore());
        try
        {
            StaleRunReaper.Reap(store, Environment.Time);
        }
        catch (StoreException)
        {
            // A read-only store can still be read; stale runs are then shown as stored.
        }

        return store;
    }

    public T Value<T>(Option<T> option) => ParseResult.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => ParseResult.GetValue(argument)!;

    public bool Json => ParseResult.GetValue(CliOptions.Json);
}
