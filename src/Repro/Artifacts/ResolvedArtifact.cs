namespace Repro.Artifacts;

/// <summary>What a reference resolved to: a digest, and the version when it was a name.</summary>
/// <param name="Digest">The content digest.</param>
/// <param name="IsDirectory">True for a folder (its digest names a manifest).</param>
/// <param name="Version">The named version, or null for a bare digest that no version names.</param>
internal sealed record ResolvedArtifact(string Digest, bool IsDirectory, ArtifactVersion? Version);
