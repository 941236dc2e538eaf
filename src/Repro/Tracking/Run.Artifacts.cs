using Repro.Artifacts;

namespace Repro.Tracking;

/// <summary>Artifacts a run produces and consumes (lineage).</summary>
public sealed partial class Run
{
    /// <summary>
    /// Stores a file or folder as a version of <paramref name="name"/> (<c>KIND/NAME</c>, for example
    /// <c>model/classifier</c>) produced by this run: a new version only when the content is new to the name;
    /// <c>latest</c> then points at it.
    /// </summary>
    /// <param name="path">A file, or a folder (stored with everything in it; links kept as links).</param>
    /// <param name="name"><c>KIND/NAME</c>; KIND is dataset, model, checkpoint, tokenizer, report or other.</param>
    /// <param name="aliases">Aliases to point at the version (for example <c>champion</c>).</param>
    /// <exception cref="ArtifactException">The path is missing or unreadable, the name is invalid, or the store keeps no artifacts.</exception>
    public ArtifactInfo LogArtifact(string path, string name, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(name);
        var result = ArtifactRepository.Open(_store, _time).Add(path, ArtifactName.Parse(name), aliases, producer: Id);
        return ToInfo(result.Version, result.Created);
    }

    /// <summary>
    /// Records that this run uses an artifact as an input and returns which version that is. References:
    /// <c>NAME</c> (latest), <c>NAME:vN</c>, <c>NAME@alias</c>, the same with <c>KIND/</c>, or <c>blake3:DIGEST</c>.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">The reference matches nothing.</exception>
    public ArtifactInfo UseArtifact(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var repository = ArtifactRepository.Open(_store, _time);
        var version = repository.ResolveVersion(reference);
        repository.Catalog.RecordUse(version.Name, version.Version, Id, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return ToInfo(version, created: false);
    }

    /// <summary>
    /// Records the use of a file artifact (as <see cref="UseArtifact"/>) and opens it for reading. The stream
    /// checks the digest as it is read and throws <see cref="ArtifactIntegrityException"/> at the end when the
    /// bytes differ, so read it to the end before trusting what it gave.
    /// </summary>
    public Stream OpenArtifact(string reference)
    {
        var info = UseArtifact(reference);
        return ArtifactRepository.Open(_store, _time).OpenRead(info.Digest);
    }

    private static ArtifactInfo ToInfo(ArtifactVersion version, bool created) =>
        new(version.Name.ToString(), version.Version, version.Digest, version.IsDirectory, created);
}
