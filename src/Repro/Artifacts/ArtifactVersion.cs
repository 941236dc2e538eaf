using Repro.Tracking;

namespace Repro.Artifacts;

/// <summary>One version of a named artifact.</summary>
/// <param name="Name">Its <c>KIND/NAME</c>.</param>
/// <param name="Version">Its number, from 1, gapless per name.</param>
/// <param name="Digest">Its content digest (a folder's root manifest for a folder).</param>
/// <param name="IsDirectory">True when it is a folder.</param>
/// <param name="Size">File bytes in total.</param>
/// <param name="FileCount">Regular files it holds (1 for a file).</param>
/// <param name="MetadataJson">User metadata, a JSON object, or null.</param>
/// <param name="ProducerRun">The run that produced it, when known.</param>
/// <param name="CreatedMs">When the version was created, Unix milliseconds.</param>
/// <param name="Aliases">The aliases pointing at it (<c>latest</c> included), sorted.</param>
internal sealed record ArtifactVersion(
    ArtifactName Name,
    int Version,
    string Digest,
    bool IsDirectory,
    long Size,
    long FileCount,
    string? MetadataJson,
    RunId? ProducerRun,
    long CreatedMs,
    IReadOnlyList<string> Aliases)
{
    /// <summary>For a single file, the name it was added under (used by <c>get</c>); null for a folder.</summary>
    public string? FileName { get; init; }

    /// <summary><c>KIND/NAME:vN</c>.</summary>
    public string Label => $"{Name}:v{Version}";
}
