namespace Repro.Artifacts;

/// <summary>What a directory manifest entry is.</summary>
internal enum ManifestEntryKind
{
    /// <summary>A regular file; its digest names its content.</summary>
    File,

    /// <summary>A folder; its digest names its own manifest (empty folders included).</summary>
    Directory,

    /// <summary>A symbolic link, recorded as its target text (not followed).</summary>
    SymbolicLink,
}
