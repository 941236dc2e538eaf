namespace Repro.Artifacts.Remotes;

/// <summary>
/// The little the transfer engine needs from the local object store. The store adapts to it; the engine
/// never writes into the store except through <see cref="Adopt"/>.
/// </summary>
internal interface ILocalObjects
{
    /// <summary>Whether the store holds the object, complete.</summary>
    bool Contains(string digest);

    /// <summary>The file that holds an object the store contains (read only by the engine, which verifies it while streaming).</summary>
    string PathFor(string digest);

    /// <summary>A fresh path on the same volume as the objects, for a download to be renamed from.</summary>
    string CreateTempPath();

    /// <summary>
    /// Moves a downloaded, flushed file whose digest was verified into the store under that digest,
    /// atomically; when the store already holds the object, deletes the file instead.
    /// </summary>
    void Adopt(string tempPath, string digest);

    /// <summary>
    /// The digests an object refers to: a directory manifest's entries; empty for file content. Called on
    /// verified bytes only (a local object, or a download before it is adopted).
    /// </summary>
    IReadOnlyList<string> ChildrenOf(string path);
}
