using System.Threading.Channels;
using Blake3;

namespace Repro.Artifacts.Remotes;

internal sealed partial class ObjectTransfer
{
    /// <summary>
    /// Downloads the objects the local store lacks among <paramref name="roots"/> and everything they refer
    /// to. Each download is hashed while it streams to a temporary file and adopted only when it matches its
    /// digest; a manifest is adopted only after all its entries are. An object the store already has is taken
    /// to have its whole tree (the store's own invariant).
    /// </summary>
    /// <exception cref="RemoteException">The remote lacks an object, or failed.</exception>
    /// <exception cref="ArtifactIntegrityException">A downloaded object does not hash to its digest (it, and the manifests above it, were not adopted).</exception>
    /// <exception cref="OperationCanceledException">The transfer was cancelled; the objects already adopted stay.</exception>
    public async Task<TransferSummary> PullAsync(IReadOnlyCollection<string> roots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var nodes = new Dictionary<string, PullNode>(StringComparer.Ordinal);
        var ready = Channel.CreateUnbounded<PullNode>();
        var gate = new Lock();
        var skipped = 0;
        var objectsDone = 0;
        var queuedOrRunning = 0;
        long bytesDone = 0;
        long bytesTotal = 0;

        foreach (var root in roots.Distinct(StringComparer.Ordinal))
        {
            RemoteObjectLayout.Validate(root);
            if (_local.Contains(root))
            {
                skipped++;
                continue;
            }

            var node = new PullNode(root);
            nodes.Add(root, node);
            queuedOrRunning++;
            ready.Writer.TryWrite(node);
        }

        if (nodes.Count == 0)
        {
            return new TransferSummary(0, skipped, 0);
        }

        void ReportNow() => Report(Volatile.Read(ref objectsDone), nodes.Count, Interlocked.Read(ref bytesDone), Interlocked.Read(ref bytesTotal));

        // Adopts the node, then every waiting manifest above it whose last missing entry that was; under the gate.
        void AdoptUpwards(PullNode first)
        {
            var stack = new Stack<PullNode>();
            stack.Push(first);
            while (stack.TryPop(out var node))
            {
                _local.Adopt(node.TempPath!, node.Digest);
                node.Adopted = true;
                objectsDone++;
                foreach (var parent in node.Parents)
                {
                    if (--parent.PendingChildren == 0 && parent.Downloaded)
                    {
                        stack.Push(parent);
                    }
                }
            }
        }

        async Task DownloadAsync(PullNode node, CancellationToken token)
        {
            lock (gate)
            {
                node.TempPath = _local.CreateTempPath();
            }

            await DownloadOneAsync(node.Digest, node.TempPath, read =>
            {
                Interlocked.Add(ref bytesDone, read);
                ReportNow();
            }, length => Interlocked.Add(ref bytesTotal, length), token).ConfigureAwait(false);
            var children = _local.ChildrenOf(node.TempPath);
            ValidateChildren(node.Digest, children);

            lock (gate)
            {
                foreach (var child in children.Distinct(StringComparer.Ordinal))
                {
                    if (nodes.TryGetValue(child, out var known))
                    {
                        if (!known.Adopted)
                        {
                            known.Parents.Add(node);
                            node.PendingChildren++;
                        }
                    }
                    else if (_local.Contains(child))
                    {
                        skipped++;
                    }
                    else
                    {
                        var childNode = new PullNode(child);
                        childNode.Parents.Add(node);
                        node.PendingChildren++;
                        nodes.Add(child, childNode);
                        queuedOrRunning++;
                        ready.Writer.TryWrite(childNode);
                    }
                }

                node.Downloaded = true;
                queuedOrRunning--;
                if (node.PendingChildren == 0)
                {
                    AdoptUpwards(node);
                }

                if (objectsDone == nodes.Count)
                {
                    ready.Writer.TryComplete();
                }
                else if (queuedOrRunning == 0)
                {
                    throw new RemoteException($"{nodes.Count - objectsDone} manifests refer to each other in a cycle; they were not adopted.");
                }
            }

            ReportNow();
        }

        try
        {
            await RunWorkersAsync(ready, _options.Parallelism, DownloadAsync, cancellationToken).ConfigureAwait(false);
            return new TransferSummary(nodes.Count, skipped, Interlocked.Read(ref bytesTotal));
        }
        finally
        {
            lock (gate)
            {
                foreach (var node in nodes.Values.Where(n => !n.Adopted && n.TempPath is not null))
                {
                    TryDeleteFile(node.TempPath!);
                }
            }
        }
    }

    private async Task DownloadOneAsync(string digest, string tempPath, Action<int> onWritten, Action<long> onLengthKnown, CancellationToken cancellationToken)
    {
        var source = await _remote.OpenDownloadAsync(digest, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            if (KnownLength(source) is { } length)
            {
                onLengthKnown(length);
            }

            using var hasher = Hasher.New();
            var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await ReadFromRemoteAsync(source, buffer, digest, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hasher.Update(buffer.AsSpan(0, read));
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    onWritten(read);
                }

                output.Flush(flushToDisk: true);
            }

            var actual = HashToDigest(hasher);
            if (!string.Equals(actual, digest, StringComparison.Ordinal))
            {
                throw new ArtifactIntegrityException(digest, actual,
                    $"The object {digest} downloaded from {_remote.Address} hashes to {actual}; it was not adopted. The remote copy is corrupt: push it again from a store that holds it intact.");
            }
        }
    }

    private async Task<int> ReadFromRemoteAsync(Stream source, byte[] buffer, string digest, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new RemoteException($"Reading {digest} from {_remote.Address} failed: {ex.Message}", isTransient: true, ex);
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A stray temporary download is never taken for an object; the store's own cleanup removes it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private sealed class PullNode(string digest)
    {
        public string Digest { get; } = digest;

        public string? TempPath { get; set; }

        public List<PullNode> Parents { get; } = [];

        public int PendingChildren { get; set; }

        public bool Downloaded { get; set; }

        public bool Adopted { get; set; }
    }
}
