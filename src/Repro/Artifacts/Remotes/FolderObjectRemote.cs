namespace Repro.Artifacts.Remotes;

/// <summary>
/// A remote in a folder (a mounted share, a second disk): <c>ROOT/objects/ab/&lt;rest&gt;</c>. Uploads go to
/// <c>ROOT/tmp/</c>, are flushed to disk and renamed into place, so an interrupted upload leaves at most a
/// stray temporary file and never a partial object under its final name.
/// </summary>
internal sealed class FolderObjectRemote : IObjectRemote
{
    private const int BufferSize = 1 << 20;
    private const string TempFolder = "tmp";

    private readonly string _root;

    public FolderObjectRemote(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    public string Address => _root;

    public Task<bool> ContainsAsync(string digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(PathFor(digest)));
    }

    public Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var digest in digests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(PathFor(digest)))
            {
                existing.Add(digest);
            }
        }

        return Task.FromResult<IReadOnlySet<string>>(existing);
    }

    public async Task UploadAsync(string digest, Stream content, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var target = PathFor(digest);
        var tempFolder = Path.Combine(_root, TempFolder);
        var temp = Path.Combine(tempFolder, $"{RemoteObjectLayout.FanOut(digest)}-{Guid.NewGuid():N}.part");
        try
        {
            Directory.CreateDirectory(tempFolder);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                var copied = await CopyExactlyAsync(content, output, length, digest, cancellationToken).ConfigureAwait(false);
                if (copied != length)
                {
                    throw new RemoteException($"The content of {digest} ended after {copied} of {length} bytes; nothing was stored on {_root}.");
                }

                output.Flush(flushToDisk: true);
            }

            // Content-addressed: an object already in place has these very bytes, so losing the race is fine.
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RemoteException($"Could not store {digest} in the folder remote {_root}: {ex.Message}", isTransient: false, ex);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public Task<Stream> OpenDownloadAsync(string digest, CancellationToken cancellationToken)
    {
        var path = PathFor(digest);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RemoteException($"The folder remote {_root} has no object {digest}.", isTransient: false, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RemoteException($"Could not read {digest} from the folder remote {_root}: {ex.Message}", isTransient: false, ex);
        }
    }

    public void Dispose()
    {
        // Holds no handles between calls.
    }

    private string PathFor(string digest) => Path.Combine(_root, RemoteObjectLayout.KeyFor(digest));

    private async Task<long> CopyExactlyAsync(Stream source, Stream target, long length, string digest, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(length, 1))];
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            copied += read;
            if (copied > length)
            {
                throw new RemoteException($"The content of {digest} is longer than its {length} bytes; nothing was stored on {_root}.");
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return copied;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A stray temporary file in ROOT/tmp is harmless and never mistaken for an object.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
