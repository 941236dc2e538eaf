namespace Repro.Artifacts;

/// <summary>What adding a file or folder did.</summary>
/// <param name="Version">The version it is (new, or the existing one with the same content).</param>
/// <param name="Created">True when a new version was created.</param>
/// <param name="Import">What was stored: counts, links and empty folders.</param>
internal sealed record AddResult(ArtifactVersion Version, bool Created, ImportResult Import);
