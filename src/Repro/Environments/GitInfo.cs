namespace Repro.Environments;

/// <summary>The git state of the working folder.</summary>
internal sealed record GitInfo
{
    public required string Commit { get; init; }

    public string? Branch { get; init; }

    public string? RemoteUrl { get; init; }

    public bool Dirty { get; init; }

    /// <summary>The working folder relative to the repository root ("." at the root), with '/'.</summary>
    public required string WorkingFolder { get; init; }

    /// <summary>The size of the uncommitted diff (git diff HEAD, untracked files included), in bytes.</summary>
    public long DiffBytes { get; init; }

    /// <summary>The BLAKE3 digest of the diff as stored, or null when there is none.</summary>
    public string? DiffDigest { get; init; }

    /// <summary>True when the diff is stored (run text <see cref="EnvironmentManifest.DiffTextName"/>).</summary>
    public bool DiffStored { get; init; }

    /// <summary>Credential-shaped strings removed from the stored diff.</summary>
    public int DiffRedactions { get; init; }

    /// <summary>Why the diff is not stored or is not the exact diff, or null.</summary>
    public string? DiffNote { get; init; }
}
