using System.Threading.Channels;

namespace Repro.Artifacts.Remotes;

internal sealed partial class ObjectTransfer
{
    /// <summary>
    /// Uploads the objects the remote lacks among <paramref name="roots"/> and everything they refer to.
    /// A manifest the remote already has is skipped with its whole tree; each upload is verified against its
    /// digest while it streams; a manifest is uploaded only after all its missing entries are confirmed uploaded.
    /// </summary>
    /// <exception cref="RemoteException">The local store lacks an object, or the remote failed.</exception>
    /// <exception cref="ArtifactIntegrityException">A local object does not hash to its digest (nothing was uploaded under it).</exception>
    /// <exception cref="OperationCanceledException">The transfer was cancelled; the objects already uploaded stay.</exception>
    public async Task<TransferSummary> PushAsync(IReadOnlyCollection<string> roots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var (missing, skipped) = await FindMissingOnRemoteAsync(roots, cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0)
        {
            return new TransferSummary(0, skipped, 0);
        }

        var ready = Channel.CreateUnbounded<PushNode>();
        foreach (var node in OrderedLeavesFirst(missing))
        {
            ready.Writer.TryWrite(node);
        }

        var gate = new Lock();
        var bytesTotal = missing.Values.Sum(n => n.Length);
        long bytesDone = 0;
        var objectsDone = 0;
        Report(0, missing.Count, 0, bytesTotal);

        async Task UploadAsync(PushNode node, CancellationToken token)
        {
            await UploadOneAsync(node, read =>
            {
                var bytes = Interlocked.Add(ref bytesDone, read);
                Report(Volatile.Read(ref objectsDone), missing.Count, bytes, bytesTotal);
            }, token).ConfigureAwait(false);

            lock (gate)
            {
                objectsDone++;
                foreach (var parent in node.Parents)
                {
                    if (--parent.PendingChildren == 0)
                    {
                        ready.Writer.TryWrite(parent);
                    }
                }

                if (objectsDone == missing.Count)
                {
                    ready.Writer.TryComplete();
                }
            }

            Report(Volatile.Read(ref objectsDone), missing.Count, Interlocked.Read(ref bytesDone), bytesTotal);
        }

        await RunWorkersAsync(ready, missing.Count, UploadAsync, cancellationToken).ConfigureAwait(false);
        return new TransferSummary(missing.Count, skipped, bytesTotal);
    }

    /// <summary>Walks down from the roots one level at a time, asking the remote about each level in batches.</summary>
    private async Task<(Dictionary<string, PushNode> Missing, int Skipped)> FindMissingOnRemoteAsync(IReadOnlyCollection<string> roots, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<string, PushNode>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<string>();
        foreach (var root in roots)
        {
            RemoteObjectLayout.Validate(root);
            if (seen.Add(root))
            {
                frontier.Add(root);
            }
        }

        var skipped = 0;
        while (frontier.Count > 0)
        {
            var next = new List<string>();
            foreach (var batch in frontier.Chunk(_options.ExistenceBatchSize))
            {
                var existing = await _remote.FindExistingAsync(batch, cancellationToken).ConfigureAwait(false);
                foreach (var digest in batch)
                {
                    if (existing.Contains(digest))
                    {
                        skipped++;
                        continue;
                    }

                    var node = DescribeLocal(digest);
                    missing.Add(digest, node);
                    next.AddRange(node.Children.Where(seen.Add));
                }
            }

            frontier = next;
        }

        foreach (var node in missing.Values)
        {
            foreach (var child in node.Children.Distinct(StringComparer.Ordinal))
            {
                if (missing.TryGetValue(child, out var childNode))
                {
                    childNode.Parents.Add(node);
                    node.PendingChildren++;
                }
            }
        }

        return (missing, skipped);
    }

    private PushNode DescribeLocal(string digest)
    {
        if (!_local.Contains(digest))
        {
            throw new RemoteException($"The local store has no object {digest}, so it cannot be pushed; run 'repro artifacts verify --all' to check the store.");
        }

        var path = _local.PathFor(digest);
        var children = _local.ChildrenOf(path);
        ValidateChildren(digest, children);
        return new PushNode(digest, path, new FileInfo(path).Length, children);
    }

    /// <summary>The nodes with nothing to wait for; throws when the rest can never become ready (a cycle).</summary>
    private static List<PushNode> OrderedLeavesFirst(Dictionary<string, PushNode> missing)
    {
        // Kahn's algorithm on a copy of the counts: content addressing makes cycles impossible, but a broken
        // manifest reader must fail loudly here rather than leave the workers waiting forever.
        var pending = missing.Values.ToDictionary(n => n, n => n.PendingChildren);
        var queue = new Queue<PushNode>(missing.Values.Where(n => n.PendingChildren == 0));
        var leaves = queue.ToList();
        var ordered = 0;
        while (queue.TryDequeue(out var node))
        {
            ordered++;
            foreach (var parent in node.Parents)
            {
                if (--pending[parent] == 0)
                {
                    queue.Enqueue(parent);
                }
            }
        }

        if (ordered != missing.Count)
        {
            throw new RemoteException($"{missing.Count - ordered} manifests refer to each other in a cycle; nothing was pushed.");
        }

        return leaves;
    }

    private async Task UploadOneAsync(PushNode node, Action<int> onRead, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(node.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RemoteException($"Could not read the local object {node.Digest}: {ex.Message}", isTransient: false, ex);
        }

        await using var content = new DigestVerifyingStream(file, node.Digest, node.Length, "the local store", onRead);
        await _remote.UploadAsync(node.Digest, content, node.Length, cancellationToken).ConfigureAwait(false);
    }

    private sealed class PushNode(string digest, string path, long length, IReadOnlyList<string> children)
    {
        public string Digest { get; } = digest;

        public string Path { get; } = path;

        public long Length { get; } = length;

        public IReadOnlyList<string> Children { get; } = children;

        public List<PushNode> Parents { get; } = [];

        public int PendingChildren { get; set; }
    }
}
