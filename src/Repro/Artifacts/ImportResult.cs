namespace Repro.Artifacts;

/// <summary>What importing a file or folder into the object store did.</summary>
/// <param name="Digest">The content digest (a folder's: its root manifest's).</param>
/// <param name="IsDirectory">True for a folder.</param>
/// <param name="Size">File bytes in total.</param>
/// <param name="FileCount">Regular files.</param>
/// <param name="HashedFiles">Files whose content was read (the rest came from the stat cache).</param>
/// <param name="NewObjects">Objects written (files and manifests not stored before).</param>
/// <param name="SymbolicLinks">Links recorded as links (relative path and target), not followed.</param>
/// <param name="EmptyDirectories">Empty folders kept (relative paths).</param>
/// <param name="Skipped">Entries left out (sockets, devices, pipes), with the reason.</param>
internal sealed record ImportResult(
    string Digest,
    bool IsDirectory,
    long Size,
    long FileCount,
    long HashedFiles,
    long NewObjects,
    IReadOnlyList<KeyValuePair<string, string>> SymbolicLinks,
    IReadOnlyList<string> EmptyDirectories,
    IReadOnlyList<string> Skipped);
