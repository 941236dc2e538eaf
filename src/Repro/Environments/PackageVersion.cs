namespace Repro.Environments;

/// <summary>One resolved package.</summary>
internal sealed record PackageVersion(string Version, string? Hash);
