using Repro.Profiling;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Support;

/// <summary>
/// A temporary project folder with a store made by <c>repro init</c>, where <c>repro</c> commands run
/// in-process with their output captured. Deleted on dispose.
/// </summary>
public sealed class RunWorkspace : IDisposable
{
    public RunWorkspace()
    {
        Folder = Path.Combine(Path.GetTempPath(), "repro-run-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var init = Run("init");
        Assert.Equal(0, init.ExitCode);
    }

    public string Folder { get; }

    /// <summary>The NVML commands see (a fake in GPU tests); null for the real one.</summary>
    internal NvmlOpener? Nvml { get; set; }

    public string DatabasePath => StoreLocation.ForProject(Folder).Path;

    /// <summary>Runs <c>repro ARGS</c> in-process, in <see cref="Folder"/>, with only PATH from the real environment.</summary>
    public RunResult Run(params string[] args) => Run(new RunLiveWriter(), args);

    /// <summary>Same, writing stdout to <paramref name="stdout"/> so a test can watch it while the command runs.</summary>
    public RunResult Run(RunLiveWriter stdout, params string[] args)
    {
        var stderr = new RunLiveWriter();
        var environment = new CliEnvironment(
            stdout,
            stderr,
            OutputIsTerminal: false,
            name => name == "PATH" ? Environment.GetEnvironmentVariable("PATH") : null,
            Folder,
            TimeProvider.System,
            Nvml);
        var exitCode = CliApp.Run(args, environment);
        return new RunResult(exitCode, stdout.Text, stderr.Text);
    }

    public IRunStore OpenStore() => CliContext.Registry.Open(StoreLocation.ForProject(Folder));

    public IReadOnlyList<RunInfo> AllRuns()
    {
        using var store = OpenStore();
        return store.SearchRuns(new RunQuery { Limit = 1000 });
    }

    public RunInfo SingleRun() => Assert.Single(AllRuns());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file; the temp folder is cleaned eventually.
        }
    }
}
