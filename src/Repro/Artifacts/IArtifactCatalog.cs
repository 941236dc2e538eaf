using Repro.Tracking;

namespace Repro.Artifacts;

/// <summary>
/// Names, versions, aliases and lineage of artifacts, kept by a store back end beside its runs. Kept apart
/// from <see cref="Storage.IRunStore"/> so that interface stays narrow; a back end that holds artifacts
/// implements both (the embedded SQLite store does, in its own tables). Safe across threads and processes:
/// versions of one name are unique and gapless however many processes add at once.
/// </summary>
internal interface IArtifactCatalog
{
    /// <summary>
    /// Records a version: when the name already has a version with this digest, returns it (created false);
    /// else creates the next version number and points <c>latest</c> at it, atomically.
    /// </summary>
    (ArtifactVersion Version, bool Created) AddVersion(NewArtifactVersion version);

    /// <summary>A version by number, or null.</summary>
    ArtifactVersion? FindVersion(ArtifactName name, int version);

    /// <summary>The version an alias points at, or null.</summary>
    ArtifactVersion? FindAlias(ArtifactName name, string alias);

    /// <summary>The kinds that have a name (for references without a kind).</summary>
    IReadOnlyList<string> KindsOf(string name);

    /// <summary>Every version with this digest (any name).</summary>
    IReadOnlyList<ArtifactVersion> FindByDigest(string digest);

    /// <summary>Versions of one name, or of every name when null, by name then version.</summary>
    IReadOnlyList<ArtifactVersion> ListVersions(ArtifactName? name);

    /// <summary>Points an alias at a version (creating or moving it).</summary>
    /// <exception cref="ArtifactNotFoundException">The version does not exist.</exception>
    void SetAlias(ArtifactName name, string alias, int version, long updatedMs);

    /// <summary>Records that a run used a version as an input (once per run and version).</summary>
    void RecordUse(ArtifactName name, int version, RunId consumer, long usedMs);

    /// <summary>The runs that used a version, in the order they first did.</summary>
    IReadOnlyList<RunId> Consumers(ArtifactName name, int version);

    /// <summary>The versions a run used as inputs.</summary>
    IReadOnlyList<ArtifactVersion> InputsOf(RunId run);

    /// <summary>Every digest a version names: the roots garbage collection keeps.</summary>
    IReadOnlySet<string> RootDigests();
}
