namespace Repro.Artifacts;

/// <summary>The result of checking one object.</summary>
/// <param name="Digest">The digest checked.</param>
/// <param name="State">Intact, missing or corrupt.</param>
/// <param name="ActualDigest">The digest of the bytes found, when the object could be read.</param>
internal sealed record ObjectCheck(string Digest, ObjectState State, string? ActualDigest);
