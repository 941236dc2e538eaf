namespace Repro.Artifacts.Remotes;

/// <summary>
/// A place that holds copies of artifact objects, keyed by digest (<c>blake3:&lt;64 hex&gt;</c>) under
/// <c>objects/ab/&lt;rest of hex&gt;</c>, like the local store's two-character fan-out. The interface moves
/// bytes only: the transfer engine decides what to send, in which order, and verifies every digest.
/// </summary>
/// <remarks>
/// Implementations make an object visible only once it is complete (a temporary file renamed into place,
/// a single S3 PUT), so a reader never sees half an object under its final name.
/// </remarks>
public interface IObjectRemote : IDisposable
{
    /// <summary>The remote's address as configured, without credentials, for messages.</summary>
    string Address { get; }

    /// <summary>Whether the remote holds the object.</summary>
    /// <exception cref="RemoteException">The remote cannot be reached or read.</exception>
    Task<bool> ContainsAsync(string digest, CancellationToken cancellationToken);

    /// <summary>The subset of <paramref name="digests"/> that the remote holds, found in as few requests as the remote allows.</summary>
    /// <exception cref="RemoteException">The remote cannot be reached or read.</exception>
    Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken);

    /// <summary>
    /// Stores exactly <paramref name="length"/> bytes read from <paramref name="content"/> as the object
    /// <paramref name="digest"/>, replacing nothing visible until the whole object is stored.
    /// The caller owns <paramref name="content"/> and verifies its digest while it is read.
    /// </summary>
    /// <exception cref="RemoteException">The remote refused or failed the write, or the content was shorter or longer than <paramref name="length"/>.</exception>
    Task UploadAsync(string digest, Stream content, long length, CancellationToken cancellationToken);

    /// <summary>Opens the object's bytes for reading; the caller disposes the stream and verifies the digest.</summary>
    /// <exception cref="RemoteException">The remote has no such object, or cannot be reached or read.</exception>
    Task<Stream> OpenDownloadAsync(string digest, CancellationToken cancellationToken);
}
