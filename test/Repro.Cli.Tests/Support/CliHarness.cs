using System.Text.RegularExpressions;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Support;

/// <summary>
/// Runs <c>repro</c> commands in-process against a fresh temporary project folder, capturing stdout and
/// stderr, and gives direct access to that folder's store for arranging runs and checking effects.
/// </summary>
internal sealed partial class CliHarness : IDisposable
{
    public CliHarness()
    {
        Folder = Directory.CreateTempSubdirectory("repro-cli-").FullName;
    }

    /// <summary>The project folder commands run in (their current directory).</summary>
    public string Folder { get; }

    /// <summary>The environment variables commands see; none by default, not even the process's own.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The store <c>repro init</c> creates in <see cref="Folder"/>.</summary>
    public StoreLocation StoreLocation => StoreLocation.ForProject(Folder);

    /// <summary>Runs a command as if its output were piped (plain text, no colours).</summary>
    public CliResult Run(params string[] args) => Execute(terminal: false, args);

    /// <summary>
    /// Runs a command as if its output were a terminal (tables rendered by Spectre). Colour escapes are
    /// removed: whether Spectre emits them depends on the test machine's TERM, not on the command.
    /// </summary>
    public CliResult RunInTerminal(params string[] args)
    {
        var result = Execute(terminal: true, args);
        return result with { Output = AnsiEscape().Replace(result.Output, string.Empty) };
    }

    /// <summary>Creates the store with <c>repro init</c>, failing the test if that fails.</summary>
    public CliHarness Init()
    {
        var result = Run("init");
        Assert.True(result.ExitCode == 0, result.Error);
        return this;
    }

    /// <summary>Opens the folder's store for arranging data or checking what a command wrote.</summary>
    public IRunStore OpenStore() => CliContext.Registry.Open(StoreLocation);

    /// <summary>
    /// Records a run straight through the store, with a chosen start time and duration so that ordering
    /// and durations are exact. A RUNNING run is owned by this (live) process, so nothing reaps it.
    /// </summary>
    public RunId CreateRun(
        string experiment = "exp",
        string? name = null,
        ulong seed = 1,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyList<(string Key, double Value, long Step)>? metrics = null,
        IReadOnlyDictionary<string, string>? tags = null,
        RunStatus status = RunStatus.Finished,
        long startMs = 1_700_000_000_000,
        long durationMs = 2_500,
        RunId? parent = null)
    {
        using var store = OpenStore();
        var id = RunId.New();
        store.CreateRun(new NewRun(id, experiment, name ?? $"run-{id.Value[..4]}", startMs, seed, parent, ProcessIdentity.Current()));
        var points = (metrics ?? []).Select((m, i) => new MetricPoint(m.Key, m.Value, m.Step, startMs + i)).ToList();
        store.WriteBatch(id, new RunBatch(points, [.. parameters ?? new Dictionary<string, string>()], [.. tags ?? new Dictionary<string, string>()]));
        if (status != RunStatus.Running)
        {
            store.TryEndRun(id, RunStatus.Running, status, startMs + durationMs);
        }

        return id;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A store file still closing on another thread; the temp folder is cleaned up by the OS.
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")]
    private static partial Regex AnsiEscape();

    private CliResult Execute(bool terminal, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, terminal, name => Variables.GetValueOrDefault(name), Folder, TimeProvider.System);
        var exitCode = CliApp.Run(args, environment);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
