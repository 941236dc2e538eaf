namespace Repro.Artifacts;

/// <summary>
/// An object's content does not match its digest. Read from the local store: the bytes on disk changed after
/// they were stored, and the object has been moved to the quarantine folder, never served again. Moved to or
/// from a remote: a corrupt copy or a transport that altered the bytes; nothing with the wrong bytes was adopted
/// or uploaded under the expected digest.
/// </summary>
public sealed class ArtifactIntegrityException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expectedDigest">The digest the object is named by.</param>
    /// <param name="actualDigest">The digest of the bytes actually read.</param>
    /// <param name="message">What was being read or moved, naming both digests.</param>
    public ArtifactIntegrityException(string expectedDigest, string actualDigest, string message)
        : base(message)
    {
        ExpectedDigest = expectedDigest;
        ActualDigest = actualDigest;
    }

    /// <summary>The digest the object is named by (<c>blake3:</c> and 64 hex characters).</summary>
    public string ExpectedDigest { get; }

    /// <summary>The digest of the bytes read.</summary>
    public string ActualDigest { get; }
}
