namespace Repro.Artifacts.Remotes;

/// <summary>
/// Bytes moved between the local store and a remote did not hash to the digest they were stored under:
/// a corrupt remote or local object, or a transport that altered them. Nothing with the wrong bytes was
/// adopted or uploaded under the expected name.
/// </summary>
public sealed class RemoteIntegrityException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expected">The digest the object is stored under.</param>
    /// <param name="actual">The digest of the bytes actually read.</param>
    /// <param name="message">What was being moved, from where to where.</param>
    public RemoteIntegrityException(string expected, string actual, string message)
        : base(message)
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The digest the object is stored under (<c>blake3:&lt;hex&gt;</c>).</summary>
    public string Expected { get; }

    /// <summary>The digest of the bytes actually read (<c>blake3:&lt;hex&gt;</c>).</summary>
    public string Actual { get; }
}
