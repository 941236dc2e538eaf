using Repro.Profiling;
using Repro.Storage;

namespace Repro.Tracking;

/// <summary>How <see cref="Run.Start"/> creates or attaches to a run. Every property has a sensible default.</summary>
public sealed record RunOptions
{
    /// <summary>The experiment to create the run in; default <see cref="Experiment.DefaultName"/>.</summary>
    public string? Experiment { get; init; }

    /// <summary>A human-readable run name; default: the experiment name and the start time.</summary>
    public string? Name { get; init; }

    /// <summary>The root seed; when null one is drawn from the operating system and recorded.</summary>
    public ulong? Seed { get; init; }

    /// <summary>The parent of a nested run, or null.</summary>
    public RunId? ParentRunId { get; init; }

    /// <summary>An open store to use (not disposed by the run). Takes precedence over <see cref="StoreUri"/>.</summary>
    public IRunStore? Store { get; init; }

    /// <summary>The store URI; when null the store is located as <see cref="StoreLocator"/> says.</summary>
    public string? StoreUri { get; init; }

    /// <summary>The registry that maps store URIs to back ends; default <see cref="StoreRegistry.Default"/>.</summary>
    public StoreRegistry? Registry { get; init; }

    /// <summary>The clock for timestamps; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>How often buffered metric points are written and the heartbeat refreshed; default 1 s.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most points held in memory while the store lags; beyond it points are dropped and counted. Default 8,000,000.</summary>
    public int MaxBufferedPoints { get; init; } = 8_000_000;

    /// <summary>
    /// When true (the default) and <c>REPRO_RUN_ID</c> is set, attach to that run, created by
    /// <c>repro run</c>, instead of starting a new one.
    /// </summary>
    public bool AttachToEnvironment { get; init; } = true;

    /// <summary>
    /// When true (the default) an owned run ends FAILED on an unhandled exception, KILLED on SIGINT or
    /// SIGTERM, and by exit code when the process exits without disposing it.
    /// </summary>
    public bool HandleProcessEvents { get; init; } = true;

    /// <summary>
    /// When true (the default) an owned run records its environment manifest (runtime, OS, CPU, packages,
    /// git state, allow-listed environment variables) and this process's command line, so that
    /// <c>repro replay</c> can re-run it. Capturing takes a few milliseconds and runs git up to five times.
    /// A run attached under <c>repro run</c> adds the records of native libraries patched beside this program
    /// (<c>*.repro-patch.json</c>) to the manifest the wrapper captured.
    /// </summary>
    public bool CaptureEnvironment { get; init; } = true;

    /// <summary>Reads environment variables; default <see cref="System.Environment.GetEnvironmentVariable(string)"/>. For tests.</summary>
    public Func<string, string?>? EnvironmentReader { get; init; }

    /// <summary>
    /// The background system sampler (CPU, memory, GC heap, disk, GPUs; see <see cref="SystemMetrics"/>):
    /// on by default, every second. Under <c>repro run</c> only the GC heap is sampled here, as
    /// <c>repro run</c> samples the whole process tree. Logging metrics never waits for it.
    /// </summary>
    public SamplerOptions Sampler { get; init; } = new();

    /// <summary>
    /// When true (the default) a run this process started prints its phase table to stderr when it ends,
    /// if it recorded any phase (<see cref="Run.Phase(string)"/>). The profile is stored either way.
    /// </summary>
    public bool PrintPhaseTable { get; init; } = true;

    /// <summary>
    /// When no store is named (<see cref="Store"/>, <see cref="StoreUri"/>, <c>REPRO_STORE</c>) and no <c>.repro/</c>
    /// folder is found here or above, create one in the current folder (as <c>repro init</c> would) instead of
    /// throwing. Default false: a typo in a path should not scatter stores. Samples and demos turn it on.
    /// </summary>
    public bool CreateStoreIfMissing { get; init; }

    /// <summary>The folder a store is looked for from; default the process's current folder. For tests.</summary>
    internal string? WorkingDirectory { get; init; }

    /// <summary>
    /// The running program's folder, where native-library patch records are looked for (see
    /// <see cref="Environments.NativePatches"/>); default <see cref="AppContext.BaseDirectory"/>. For tests.
    /// </summary>
    internal string ProgramFolder { get; init; } = AppContext.BaseDirectory;

    /// <summary>False to store no profile when the run ends: <c>repro run</c> stores the profile of the whole process tree instead.</summary>
    internal bool RecordProfile { get; init; } = true;
}
