using Repro.Tracking;

namespace Repro.Storage.Sqlite.Tests;

/// <summary>
/// How a run ends when the process driving it ends: each test starts test/Repro.TestChild against a fresh
/// store, lets it die in one way, and reads the run back as the next process would.
/// </summary>
public sealed class RunProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-process-").FullName;
    private readonly string _storePath;

    public RunProcessTests()
    {
        _storePath = Path.Combine(_folder, ".repro", "repro.db");
        SqliteRunStore.Create(_storePath).Dispose();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Unhandled_exception_ends_the_run_failed_with_the_exception_in_the_reason()
    {
        using var child = TestChildProcess.Start("unhandled", _storePath);
        var id = child.ReadReady();

        var exitCode = child.WaitForExit();

        Assert.NotEqual(0, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        Assert.Equal(RunStatus.Failed, store.GetRun(id).Status);
        var reason = store.GetRunData(id).Tags[SystemTags.FailureReason];
        Assert.Contains("InvalidOperationException", reason, StringComparison.Ordinal);
        Assert.Contains("the child failed on purpose", reason, StringComparison.Ordinal);
        Assert.Equal(0.5, Assert.Single(store.GetMetricHistory(id, "loss")).Value);
    }

    [Fact]
    public void Unhandled_exception_out_of_an_async_using_scope_ends_the_run_failed_not_finished()
    {
        // async Main disposes the run (FINISHED) while the exception travels to the caller; the run still failed.
        using var child = TestChildProcess.Start("unhandled-async", _storePath);
        var id = child.ReadReady();

        var exitCode = child.WaitForExit();

        Assert.NotEqual(0, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        Assert.Equal(RunStatus.Failed, store.GetRun(id).Status);
        var reason = store.GetRunData(id).Tags[SystemTags.FailureReason];
        Assert.Contains("the async child failed on purpose", reason, StringComparison.Ordinal);
        Assert.Single(store.GetMetricHistory(id, "loss"));
    }

    [Fact]
    public void An_exception_rethrown_after_the_using_scope_disposed_the_run_still_ends_it_failed()
    {
        using var child = TestChildProcess.Start("unhandled-rethrow", _storePath);
        var id = child.ReadReady();

        var exitCode = child.WaitForExit();

        Assert.NotEqual(0, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        Assert.Equal(RunStatus.Failed, store.GetRun(id).Status);
        Assert.Contains("rethrew on purpose", store.GetRunData(id).Tags[SystemTags.FailureReason], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestChildProcess.SigInt, "SIGINT")]
    [InlineData(TestChildProcess.SigTerm, "SIGTERM")]
    public void Interrupt_and_terminate_signals_end_the_run_killed_before_the_process_dies(int signal, string name)
    {
        using var child = TestChildProcess.Start("wait", _storePath);
        var id = child.ReadReady();

        child.Signal(signal);
        var exitCode = child.WaitForExit();

        // The handler does not cancel the signal: the process still dies of it, after the run is ended.
        Assert.Equal(128 + signal, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        var run = store.GetRun(id);
        Assert.Equal(RunStatus.Killed, run.Status);
        Assert.NotNull(run.EndTimeMs);
        Assert.Contains(name, store.GetRunData(id).Tags[SystemTags.FailureReason], StringComparison.Ordinal);
        Assert.NotEmpty(store.GetMetricHistory(id, "loss"));
    }

    [Fact]
    public void Returning_zero_without_disposing_ends_the_run_finished_with_its_points()
    {
        using var child = TestChildProcess.Start("return", _storePath, "0");
        var id = child.ReadReady();

        var exitCode = child.WaitForExit();

        Assert.Equal(0, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        Assert.Equal(RunStatus.Finished, store.GetRun(id).Status);
        var data = store.GetRunData(id);
        Assert.DoesNotContain(SystemTags.FailureReason, data.Tags.Keys);
        Assert.Equal(new MetricPoint("loss", 0.25, 7, data.LatestMetrics["loss"].TimestampMs), Assert.Single(store.GetMetricHistory(id, "loss")));
    }

    [Fact]
    public void Returning_a_non_zero_exit_code_without_disposing_ends_the_run_failed_naming_the_code()
    {
        using var child = TestChildProcess.Start("return", _storePath, "3");
        var id = child.ReadReady();

        var exitCode = child.WaitForExit();

        Assert.Equal(3, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        Assert.Equal(RunStatus.Failed, store.GetRun(id).Status);
        Assert.Contains("code 3", store.GetRunData(id).Tags[SystemTags.FailureReason], StringComparison.Ordinal);
    }

    [Fact]
    public void SIGKILL_loses_at_most_the_points_after_the_last_flush_and_the_reaper_marks_the_run_failed()
    {
        using var child = TestChildProcess.Start("stream", _storePath);
        var id = child.ReadReady();
        var flushed = 0L;
        for (var i = 0; i < 5; i++)
        {
            flushed = ReadFlushed(child.ReadLine());
        }

        child.Signal(TestChildProcess.SigKill);
        var exitCode = child.WaitForExit();
        // Lines printed between our last read and the kill are flushed points too.
        for (var line = child.ReadLine(); line is not null; line = child.ReadLine())
        {
            flushed = ReadFlushed(line);
        }

        Assert.Equal(128 + TestChildProcess.SigKill, exitCode);
        using var store = SqliteRunStore.Open(_storePath);
        Assert.Equal(RunStatus.Running, store.GetRun(id).Status);
        var history = store.GetMetricHistory(id, "loss");
        Assert.True(history.Count >= flushed, $"{history.Count} points stored, but the child reported {flushed} flushed.");
        for (var i = 0; i < history.Count; i++)
        {
            Assert.Equal(i, history[i].Step);
            Assert.Equal(i * 0.5, history[i].Value);
        }

        var reaped = StaleRunReaper.Reap(store);

        Assert.Equal([id], reaped);
        Assert.Equal(RunStatus.Failed, store.GetRun(id).Status);
        Assert.Contains("exited without ending the run", store.GetRunData(id).Tags[SystemTags.FailureReason], StringComparison.Ordinal);
    }

    private static long ReadFlushed(string? line)
    {
        Assert.NotNull(line);
        Assert.StartsWith("flushed ", line, StringComparison.Ordinal);
        return long.Parse(line["flushed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
