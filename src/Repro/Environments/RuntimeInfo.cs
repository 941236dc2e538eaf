namespace Repro.Environments;

/// <summary>The .NET runtime and how it compiles and collects.</summary>
internal sealed record RuntimeInfo(
    string Framework,
    string Version,
    string? SdkVersion,
    string SdkSource,
    string Rid,
    string ProcessArchitecture,
    bool ServerGc,
    bool ConcurrentGc,
    string GcLatencyMode,
    string TieredCompilation,
    string TieredPgo,
    string ReadyToRun,
    bool InvariantGlobalization,
    string ReproVersion);
