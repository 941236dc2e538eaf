namespace Repro.Environments;

/// <summary>
/// The environment a run ran in: what can change its numbers (ISA, threads, runtime, native libraries,
/// packages, seeds) first, then the rest (OS, hardware, container, git, command, environment variables).
/// Stored with the run as the run text <see cref="TextName"/>, a versioned snake_case JSON document.
/// </summary>
internal sealed record EnvironmentManifest
{
    /// <summary>The run text the manifest is stored under.</summary>
    public const string TextName = "manifest";

    /// <summary>The run text the uncommitted diff is stored under.</summary>
    public const string DiffTextName = "git_diff";

    /// <summary>The schema version this code writes.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>When the manifest was captured, in ms since the Unix epoch.</summary>
    public long CapturedMs { get; init; }

    /// <summary>How long the capture took, in ms.</summary>
    public double CaptureMs { get; init; }

    public required IsaInfo Isa { get; init; }

    public required ThreadInfo Threads { get; init; }

    public required RuntimeInfo Runtime { get; init; }

    public required NativeLibraryInfo NativeLibraries { get; init; }

    public required PackageGraph Packages { get; init; }

    public required SeedInfo Seeds { get; init; }

    /// <summary>
    /// The datasets the run declared (<c>run.LogDataset</c>), by name: fingerprint and row count. Datasets are
    /// declared after the manifest is captured, so this is filled from the run's tags when the manifest is
    /// loaded (<see cref="ManifestCapture.Load"/>); null when none were declared.
    /// </summary>
    public SortedDictionary<string, string>? Datasets { get; init; }

    public required OsInfo Os { get; init; }

    public required HardwareInfo Hardware { get; init; }

    public required ContainerInfo Container { get; init; }

    /// <summary>Null when the working folder is not in a git repository.</summary>
    public GitInfo? Git { get; init; }

    /// <summary>Null when the command line is unknown.</summary>
    public CommandInfo? Command { get; init; }

    /// <summary>Allow-listed environment variables, credential-shaped values redacted.</summary>
    public required SortedDictionary<string, string> EnvironmentVariables { get; init; }
}
