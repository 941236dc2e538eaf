using Repro.Tracking;

namespace Repro.Artifacts;

/// <summary>What to record as a version of a name (a new one only when the digest is new to the name).</summary>
internal sealed record NewArtifactVersion(
    ArtifactName Name,
    string Digest,
    bool IsDirectory,
    long Size,
    long FileCount,
    string? MetadataJson,
    RunId? ProducerRun,
    long CreatedMs)
{
    /// <summary>For a single file, its name (used by <c>get</c>); null for a folder.</summary>
    public string? FileName { get; init; }
}
