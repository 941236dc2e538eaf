namespace Repro.Artifacts;

/// <summary>A version of a named artifact, as the library returns it.</summary>
/// <param name="Name">Its <c>KIND/NAME</c>.</param>
/// <param name="Version">Its version number (from 1).</param>
/// <param name="Digest">Its content digest, <c>blake3:</c> and 64 hex characters.</param>
/// <param name="IsDirectory">True for a folder.</param>
/// <param name="Created">True when <see cref="Tracking.Run.LogArtifact"/> created this version (false: same content as an existing one).</param>
public sealed record ArtifactInfo(string Name, int Version, string Digest, bool IsDirectory, bool Created)
{
    /// <summary><c>KIND/NAME:vN</c>.</summary>
    public string Label => $"{Name}:v{Version}";
}
