namespace Repro.Environments;

/// <summary>A captured manifest, its stored JSON, and the uncommitted diff to store beside it (or null).</summary>
internal sealed record CapturedManifest(EnvironmentManifest Manifest, string Json, string? Diff);
