namespace Repro.Artifacts;

/// <summary>One entry of a directory manifest.</summary>
/// <param name="Name">The entry's name in its folder (no separators).</param>
/// <param name="Kind">File, folder or symbolic link.</param>
/// <param name="Mode">Permission bits (for example 0644).</param>
/// <param name="Size">Bytes: a file's size, or a folder's total file bytes beneath it; 0 for a link.</param>
/// <param name="Digest">A file's content digest or a folder's manifest digest; null for a link.</param>
/// <param name="LinkTarget">A link's target text; null otherwise.</param>
/// <param name="FileCount">Files beneath a folder (1 for a file, 0 for a link).</param>
internal sealed record ManifestEntry(string Name, ManifestEntryKind Kind, int Mode, long Size, string? Digest, string? LinkTarget, long FileCount);
