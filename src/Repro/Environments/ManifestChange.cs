namespace Repro.Environments;

/// <summary>One entry that differs between two manifests; a side that lacks it is null.</summary>
internal sealed record ManifestChange(string Section, bool AffectsNumerics, string Key, string? A, string? B);
