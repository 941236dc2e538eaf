using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Tracking;

/// <summary>The background writer behind <see cref="Run.LogMetric(string, double, long)"/>, driven through a run.</summary>
public sealed class MetricWriterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly InMemoryRunStore _store = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose()
    {
        // A test that failed half-way must not leave a writer blocked on the gate.
        _store.WriteGate.Set();
        _store.FailWrite = null;
    }

    private Run Start(TimeSpan flushInterval, int maxBufferedPoints = 8_000_000) => Run.Start(new RunOptions
    {
        Store = _store,
        TimeProvider = _clock,
        FlushInterval = flushInterval,
        MaxBufferedPoints = maxBufferedPoints,
        HandleProcessEvents = false,
        EnvironmentReader = _ => null,
    });

    [Fact]
    public void Logging_returns_while_a_store_write_is_blocked_and_nothing_is_lost_once_it_completes()
    {
        using var run = Start(TimeSpan.FromHours(1));
        run.LogMetric("loss", -1, -1);
        var flusher = BlockWriterInStore(run);

        for (var i = 0; i < 100_000; i++)
        {
            run.LogMetric("loss", i, i);
        }

        // Reaching this line is the assertion that matters: 100,000 calls returned while the store was stuck.
        Assert.Equal(1, _store.WaitingWrites);
        Assert.Empty(_store.GetMetricHistory(run.Id, "loss"));
        _store.WriteGate.Set();
        Assert.True(flusher.Join(Patience));
        Assert.Single(_store.GetMetricHistory(run.Id, "loss"));
        run.Flush();

        var history = _store.GetMetricHistory(run.Id, "loss");
        Assert.Equal(100_001, history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            Assert.Equal(i - 1, history[i].Step);
            Assert.Equal(i - 1, history[i].Value);
        }
    }

    [Fact]
    public void Flush_writes_every_point_logged_before_it()
    {
        using var run = Start(TimeSpan.FromHours(1));
        for (var i = 0; i < 10_000; i++)
        {
            run.LogMetric(i % 2 == 0 ? "train/loss" : "val/loss", i, i);
        }

        run.Flush();

        Assert.Equal(5_000, _store.GetMetricHistory(run.Id, "train/loss").Count);
        Assert.Equal(5_000, _store.GetMetricHistory(run.Id, "val/loss").Count);
    }

    [Fact]
    public void Flush_with_nothing_logged_returns()
    {
        using var run = Start(TimeSpan.FromHours(1));

        run.Flush();
        run.Flush();

        Assert.Empty(_store.GetMetricKeys(run.Id));
    }

    [Fact]
    public void The_writer_persists_points_by_itself_within_the_flush_interval()
    {
        using var run = Start(TimeSpan.FromMilliseconds(20));

        for (var i = 0; i < 500; i++)
        {
            run.LogMetric("loss", i, i);
        }

        WaitUntil(() => _store.GetMetricHistory(run.Id, "loss").Count == 500, "the writer to persist the points without a flush");
    }

    [Fact]
    public void The_writer_refreshes_the_heartbeat_even_when_nothing_is_logged()
    {
        using var run = Start(TimeSpan.FromMilliseconds(20));
        var startedMs = _clock.NowMs;

        _clock.Advance(TimeSpan.FromMinutes(10));

        WaitUntil(() => _store.GetRun(run.Id).HeartbeatMs == startedMs + 600_000, "the heartbeat to move to the clock's new time");
        Assert.Contains(_store.Batches, b => b.Metrics.Count == 0 && b.HeartbeatMs == startedMs + 600_000);
    }

    [Fact]
    public void Each_metric_write_carries_the_heartbeat()
    {
        using var run = Start(TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromSeconds(42));

        run.LogMetric("loss", 1);
        run.Flush();

        Assert.Equal(_clock.NowMs, _store.GetRun(run.Id).HeartbeatMs);
        Assert.Equal(_clock.NowMs, _store.Batches.Last(b => b.Metrics.Count > 0).HeartbeatMs);
    }

    [Fact]
    public void A_transient_store_failure_is_retried_and_no_point_is_lost_or_doubled()
    {
        using var run = Start(TimeSpan.FromMilliseconds(10));
        var failures = 0;
        _store.FailWrite = batch => batch.Metrics.Count > 0 && Interlocked.Increment(ref failures) <= 3
            ? new StoreException("database is locked", isTransient: true)
            : null;

        for (var i = 0; i < 1_000; i++)
        {
            run.LogMetric("loss", i, i);
        }

        WaitUntil(() => _store.GetMetricHistory(run.Id, "loss").Count >= 1_000, "the writer to retry past the failures");
        run.Flush();

        Assert.True(Volatile.Read(ref failures) > 3);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (long)i), _store.GetMetricHistory(run.Id, "loss").Select(p => p.Step));
    }

    [Fact]
    public void Flush_throws_a_store_error_while_the_store_keeps_failing_and_succeeds_once_it_recovers()
    {
        using var run = Start(TimeSpan.FromHours(1));
        _store.FailWrite = _ => new StoreException("disk I/O error", isTransient: true);
        for (var i = 0; i < 100; i++)
        {
            run.LogMetric("loss", i, i);
        }

        var error = Assert.Throws<StoreException>(run.Flush);

        Assert.Contains("disk I/O error", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.GetMetricHistory(run.Id, "loss"));
        _store.FailWrite = null;
        run.Flush();
        Assert.Equal(100, _store.GetMetricHistory(run.Id, "loss").Count);
    }

    [Fact]
    public void A_flush_after_a_failed_one_writes_the_points_logged_since_without_waiting_for_the_interval()
    {
        using var run = Start(TimeSpan.FromHours(1));
        _store.FailWrite = _ => new StoreException("database is locked", isTransient: true);
        run.LogMetric("loss", 1, 0);
        Assert.Throws<StoreException>(run.Flush);
        _store.FailWrite = null;
        run.LogMetric("loss", 2, 1);

        // On another thread, so that a flush stuck until the next interval (an hour) fails the test instead of hanging it.
        var flusher = new Thread(run.Flush) { IsBackground = true };
        flusher.Start();

        Assert.True(flusher.Join(Patience), "Flush waited for the next flush interval instead of writing the points it was asked for.");
        Assert.Equal([1.0, 2.0], _store.GetMetricHistory(run.Id, "loss").Select(p => p.Value));
    }

    [Fact]
    public void A_flush_that_fails_on_an_unexpected_error_reports_it_as_a_store_error()
    {
        using var run = Start(TimeSpan.FromHours(1));
        _store.FailWrite = _ => new IOException("No space left on device");
        run.LogMetric("loss", 1);

        var error = Assert.Throws<StoreException>(run.Flush);

        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        _store.FailWrite = null;
    }

    [Fact]
    public void An_unexpected_exception_from_the_store_does_not_kill_the_process_and_surfaces_from_flush()
    {
        // A store bug must not crash the training loop from the writer's thread: the run stays usable.
        using var run = Start(TimeSpan.FromHours(1));
        _store.FailWrite = _ => new NotSupportedException("store bug");
        run.LogMetric("loss", 1);

        var error = Assert.Throws<StoreException>(run.Flush);

        Assert.Contains("store bug", error.Message, StringComparison.Ordinal);
        _store.FailWrite = null;
        run.LogMetric("loss", 2, 1);
        run.Flush();
        Assert.Equal([1.0, 2.0], _store.GetMetricHistory(run.Id, "loss").Select(p => p.Value));
    }

    [Fact]
    public void Points_beyond_the_buffer_limit_are_dropped_and_counted_on_the_run()
    {
        const int limit = 4096;
        var run = Start(TimeSpan.FromHours(1), maxBufferedPoints: limit);
        run.LogMetric("loss", -1, -1);
        var flusher = BlockWriterInStore(run);

        for (var i = 0; i < limit + 1000; i++)
        {
            run.LogMetric("loss", i, i);
        }

        _store.WriteGate.Set();
        Assert.True(flusher.Join(Patience));
        run.Dispose();

        var stored = _store.GetMetricHistory(run.Id, "loss");
        Assert.Equal(1 + limit, stored.Count);
        Assert.Equal(Enumerable.Range(-1, limit + 1).Select(i => (long)i), stored.Select(p => p.Step));
        Assert.Equal("1000", _store.GetRunData(run.Id).Tags[SystemTags.DroppedPoints]);
    }

    [Fact]
    public void Points_logged_from_several_threads_are_all_written_each_series_in_order()
    {
        using var run = Start(TimeSpan.FromMilliseconds(5));
        const int perThread = 20_000;

        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                run.LogMetric($"worker{t}", i, i);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(Patience)));
        run.Flush();

        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(Enumerable.Range(0, perThread).Select(i => (long)i), _store.GetMetricHistory(run.Id, $"worker{t}").Select(p => p.Step));
        }
    }

    /// <summary>
    /// Closes the store's gate and flushes on another thread, so the writer takes every point logged so far
    /// into a store write that stays blocked until the test opens the gate. Returns the flushing thread.
    /// </summary>
    private Thread BlockWriterInStore(Run run)
    {
        _store.WriteGate.Reset();
        var flusher = new Thread(run.Flush) { IsBackground = true };
        flusher.Start();
        WaitUntil(() => _store.WaitingWrites == 1, "the writer to block inside the store");
        return flusher;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Patience)
            {
                Assert.Fail($"Gave up after {Patience.TotalSeconds} s waiting for {what}.");
            }

            Thread.Sleep(5);
        }
    }
}
