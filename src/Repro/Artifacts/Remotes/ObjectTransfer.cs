using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Blake3;

namespace Repro.Artifacts.Remotes;

/// <summary>
/// Moves objects and everything they refer to between the local store and a remote, several at a time.
/// Both directions keep one invariant on the receiving side: a manifest appears only after every object it
/// refers to is there, so an interrupted transfer never leaves a manifest with missing entries, and finding
/// a manifest means its whole tree is present (which is what lets a push skip it).
/// </summary>
internal sealed partial class ObjectTransfer
{
    private const int BufferSize = 1 << 20;

    private readonly ILocalObjects _local;
    private readonly IObjectRemote _remote;
    private readonly TransferOptions _options;

    public ObjectTransfer(ILocalObjects local, IObjectRemote remote, TransferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        _local = local;
        _remote = remote;
        _options = options ?? new TransferOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Parallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ExistenceBatchSize, 1, nameof(options));
    }

    /// <summary>
    /// Runs <paramref name="work"/> for items as they become ready, at most <see cref="TransferOptions.Parallelism"/>
    /// at once, until the scheduler completes <paramref name="ready"/>; the first failure cancels the rest and is rethrown
    /// (cancellation by <paramref name="cancellationToken"/> as <see cref="OperationCanceledException"/>).
    /// </summary>
    private async Task RunWorkersAsync<T>(Channel<T> ready, int initialWorkers, Func<T, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;

        async Task WorkerAsync()
        {
            try
            {
                await foreach (var item in ready.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    await work(item, stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                ready.Writer.TryComplete();
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(_options.Parallelism, initialWorkers)))
            .Select(_ => Task.Run(WorkerAsync, CancellationToken.None))
            .ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static void ValidateChildren(string parent, IReadOnlyList<string> children)
    {
        foreach (var child in children)
        {
            if (!RemoteObjectLayout.IsDigest(child))
            {
                throw new RemoteException($"The manifest {parent} refers to '{child}', which is not an object digest; it was not transferred.");
            }
        }
    }

    private static string HashToDigest(Hasher hasher) => ContentDigest.Prefix + Convert.ToHexStringLower(hasher.Finalize().AsSpan());

    private static long? KnownLength(Stream stream)
    {
        try
        {
            return stream.Length;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private void Report(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal) =>
        _options.Progress?.Invoke(new TransferProgress(objectsDone, objectsTotal, bytesDone, bytesTotal));
}
