namespace Repro.Environments;

/// <summary>What a manifest is captured for.</summary>
/// <param name="WorkingDirectory">The folder the run's program works in.</param>
/// <param name="Command">The command line (program, then arguments), or null when unknown.</param>
/// <param name="CommandSource"><c>repro run</c>, or <c>process</c> for a program using the library itself.</param>
/// <param name="Seed">The run's root seed.</param>
/// <param name="Variables">The environment the program sees (filtered by <see cref="EnvironmentAllowList"/>).</param>
/// <param name="ExcludedFolder">A folder left out of the git state (the store's own), or null.</param>
/// <param name="PackagesFromLockFiles">
/// True for a wrapped command: its packages are those of the lock files in its repository (or folder);
/// false: those of this process's entry assembly.
/// </param>
/// <param name="ProgramFolder">
/// The folder of the running program, whose native-library patch records (<see cref="NativePatches"/>) the manifest
/// lists; null for a command <c>repro run</c> wraps, which reports its own when it attaches.
/// </param>
internal sealed record ManifestRequest(
    string WorkingDirectory,
    IReadOnlyList<string>? Command,
    string CommandSource,
    ulong Seed,
    IEnumerable<KeyValuePair<string, string>> Variables,
    string? ExcludedFolder,
    bool PackagesFromLockFiles,
    string? ProgramFolder = null);
