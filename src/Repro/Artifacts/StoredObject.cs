namespace Repro.Artifacts;

/// <summary>An object file in the store.</summary>
/// <param name="Digest">Its digest (from its name).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastWriteUtc">When it was written.</param>
internal sealed record StoredObject(string Digest, long Size, DateTime LastWriteUtc);
