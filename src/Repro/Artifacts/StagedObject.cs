namespace Repro.Artifacts;

/// <summary>Content written to a temporary file and hashed, waiting to be renamed into place as an object.</summary>
/// <param name="Digest">The content's digest.</param>
/// <param name="TempPath">The temporary file.</param>
/// <param name="Size">The content's size in bytes.</param>
internal sealed record StagedObject(string Digest, string TempPath, long Size)
{
    /// <summary>True when the temporary file was created read-only, so publishing needs no chmod.</summary>
    public bool IsReadOnly { get; init; }
}
