using Repro.Artifacts.Remotes;

namespace Repro.Tests.Artifacts.Remotes;

/// <summary>
/// A remote double over a real folder remote: records when each upload starts and ends, can hold chosen
/// uploads until released, and can fail chosen uploads, to test ordering under parallelism and interruption.
/// </summary>
internal sealed class RecordingRemote(IObjectRemote inner) : IObjectRemote
{
    private readonly Lock _gate = new();
    private readonly List<string> _events = [];
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    public int ExistenceRequests { get; private set; }

    public List<string> Uploaded { get; } = [];

    public string Address => inner.Address;

    /// <summary>"start DIGEST" and "end DIGEST" in the order they happened.</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void ReleaseHeld() => _release.TrySetResult();

    public Task<bool> ContainsAsync(string digest, CancellationToken cancellationToken) => inner.ContainsAsync(digest, cancellationToken);

    public Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ExistenceRequests++;
        }

        return inner.FindExistingAsync(digests, cancellationToken);
    }

    public async Task UploadAsync(string digest, Stream content, long length, CancellationToken cancellationToken)
    {
        Record("start " + digest);
        if (Held.Contains(digest))
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        if (Failing.Contains(digest))
        {
            throw new RemoteException($"Injected failure uploading {digest}.", isTransient: true);
        }

        await inner.UploadAsync(digest, content, length, cancellationToken);
        lock (_gate)
        {
            Uploaded.Add(digest);
        }

        Record("end " + digest);
    }

    public Task<Stream> OpenDownloadAsync(string digest, CancellationToken cancellationToken) => inner.OpenDownloadAsync(digest, cancellationToken);

    public void Dispose() => inner.Dispose();

    private void Record(string entry)
    {
        lock (_gate)
        {
            _events.Add(entry);
        }
    }
}
