using Repro.Storage;

namespace Repro.Tracking;

/// <summary>
/// Buffers metric points in memory and writes them to the store from a background thread, so a
/// training loop never waits on I/O. Two buffers are swapped under a short lock: callers append to
/// one while the writer persists the other, and both are reused, so steady-state logging allocates
/// nothing. Each write also refreshes the run's heartbeat.
/// </summary>
internal sealed class MetricWriter : IDisposable
{
    private const int InitialCapacity = 4096;

    private readonly IRunStore _store;
    private readonly RunId _runId;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _maxBuffered;
    private readonly Action<Exception> _reportError;
    private readonly object _gate = new();
    private readonly Thread _thread;

    private MetricPoint[] _active = new MetricPoint[InitialCapacity];
    private MetricPoint[] _spare = new MetricPoint[InitialCapacity];
    private int _count;
    private long _enqueued;
    private long _persisted;
    private long _dropped;
    private bool _flushRequested;
    private bool _stopping;
    private Exception? _lastError;
    private long _failedAfter = -1;

    public MetricWriter(IRunStore store, RunId runId, TimeProvider time, TimeSpan interval, int maxBuffered, Action<Exception> reportError)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuffered, InitialCapacity);
        _store = store;
        _runId = runId;
        _time = time;
        _interval = interval;
        _maxBuffered = maxBuffered;
        _reportError = reportError;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "repro-metric-writer" };
        _thread.Start();
    }

    /// <summary>Points dropped because the buffer was full (the store fell far behind).</summary>
    public long DroppedPoints => Interlocked.Read(ref _dropped);

    public void Enqueue(in MetricPoint point)
    {
        lock (_gate)
        {
            if (_count == _active.Length && !TryGrow())
            {
                _dropped++;
                return;
            }

            _active[_count++] = point;
            _enqueued++;
        }
    }

    /// <summary>Blocks until every point enqueued before the call is in the store.</summary>
    /// <exception cref="StoreException">The store failed while flushing; the points stay buffered for a retry.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            var target = _enqueued;
            var requestedAt = _enqueued;
            _flushRequested = true;
            _failedAfter = -1;
            Monitor.PulseAll(_gate);
            while (_persisted < target)
            {
                if (_failedAfter >= requestedAt && _lastError is not null)
                {
                    throw _lastError as ReproException
                        ?? new StoreException($"Could not write metrics to the store: {_lastError.Message}", true, _lastError);
                }

                if (!_thread.IsAlive)
                {
                    throw new StoreException("The metric writer has stopped; buffered points could not be written.");
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
    }

    private bool TryGrow()
    {
        if (_active.Length >= _maxBuffered)
        {
            return false;
        }

        Array.Resize(ref _active, Math.Min(_active.Length * 2, _maxBuffered));
        return true;
    }

    private void WriteLoop()
    {
        var nextTick = _time.GetTimestamp();
        var pendingCount = 0;
        long pendingTarget = 0;
        var failedWhileStopping = 0;
        while (true)
        {
            bool stopping;
            lock (_gate)
            {
                if (pendingCount == 0)
                {
                    while (!_flushRequested && !_stopping)
                    {
                        var remaining = _interval - _time.GetElapsedTime(nextTick);
                        if (remaining <= TimeSpan.Zero)
                        {
                            break;
                        }

                        Monitor.Wait(_gate, remaining);
                    }

                    // Swap: callers keep appending to the other buffer while this one is written.
                    (_active, _spare) = (_spare, _active);
                    pendingCount = _count;
                    pendingTarget = _enqueued;
                    _count = 0;
                    if (_active.Length < _spare.Length)
                    {
                        _active = new MetricPoint[_spare.Length];
                    }

                    // Only a swap serves a flush request: a retry of the previous batch leaves it pending, so
                    // the points logged since are written right after the retry rather than an interval later.
                    _flushRequested = false;
                }

                stopping = _stopping;
            }

            nextTick = _time.GetTimestamp();
            var outcome = TryWrite(pendingCount);
            lock (_gate)
            {
                if (outcome == WriteOutcome.RetryLater)
                {
                    _failedAfter = _enqueued;
                    failedWhileStopping += stopping ? 1 : 0;
                }
                else
                {
                    if (outcome == WriteOutcome.Rejected)
                    {
                        _dropped += pendingCount;
                    }

                    _persisted = pendingTarget;
                    pendingCount = 0;
                }

                Monitor.PulseAll(_gate);
                if (stopping && ((pendingCount == 0 && _count == 0) || failedWhileStopping >= 3))
                {
                    _dropped += pendingCount + _count;
                    return;
                }

                if (outcome == WriteOutcome.RetryLater && !stopping)
                {
                    // Back off one interval before retrying the same points.
                    Monitor.Wait(_gate, _interval);
                }
            }
        }
    }

    private enum WriteOutcome
    {
        Written,
        RetryLater,
        Rejected,
    }

    private WriteOutcome TryWrite(int count)
    {
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _store.WriteBatch(_runId, RunBatch.OfMetrics(new ArraySegment<MetricPoint>(_spare, 0, count), now));
            _lastError = null;
            return WriteOutcome.Written;
        }
        // Any failure, not only the expected ones: on this background thread an exception that escapes
        // would kill the training process. It is retried and surfaces from Flush instead.
        catch (Exception ex)
        {
            var first = _lastError is null;
            _lastError = ex;
            if (first)
            {
                _reportError(ex);
            }

            // Input the store rejects fails the same way every time: count it as dropped, keep going.
            return ex is ReproException { IsTransient: false } and not StoreException ? WriteOutcome.Rejected : WriteOutcome.RetryLater;
        }
    }
}
