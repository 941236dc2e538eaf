using System.Diagnostics;
using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Tracking;

public sealed class StaleRunReaperTests : IDisposable
{
    private readonly InMemoryRunStore _store = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _store.Dispose();

    private RunInfo CreateRun(RunOwner? owner) =>
        _store.CreateRun(new NewRun(RunId.New(), "exp", "run", _clock.NowMs, 7, null, owner));

    [Fact]
    public void A_run_whose_process_on_this_host_is_gone_is_ended_failed_with_a_reason()
    {
        var deadPid = ExitedProcessId();
        var run = CreateRun(new RunOwner(Environment.MachineName, deadPid, 12345));
        _store.SetHeartbeat(run.Id, _clock.NowMs + 1500);

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Equal([run.Id], reaped);
        var stored = _store.GetRun(run.Id);
        Assert.Equal(RunStatus.Failed, stored.Status);
        // The run ended, as far as anyone can tell, at its last heartbeat.
        Assert.Equal(_clock.NowMs + 1500, stored.EndTimeMs);
        var reason = _store.GetRunData(run.Id).Tags[SystemTags.FailureReason];
        Assert.Contains($"Process {deadPid} on {Environment.MachineName} exited without ending the run", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_owned_by_this_live_process_is_left_running()
    {
        var run = CreateRun(ProcessIdentity.Current());
        // Even a heartbeat far in the past does not matter while the owner is alive on this host.
        _clock.Advance(TimeSpan.FromDays(1));

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Empty(reaped);
        Assert.Equal(RunStatus.Running, _store.GetRun(run.Id).Status);
        Assert.DoesNotContain(SystemTags.FailureReason, _store.GetRunData(run.Id).Tags.Keys);
    }

    [Fact]
    public void A_run_whose_process_id_was_reused_by_another_process_is_ended()
    {
        var me = ProcessIdentity.Current();
        var run = CreateRun(me with { ProcessStartTicks = me.ProcessStartTicks + 1 });

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Equal([run.Id], reaped);
        Assert.Equal(RunStatus.Failed, _store.GetRun(run.Id).Status);
    }

    [Fact]
    public void A_run_from_another_host_with_an_old_heartbeat_is_ended_failed()
    {
        var run = CreateRun(new RunOwner("gpu-node-17", 4242, 99));
        _clock.Advance(TimeSpan.FromHours(3));

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Equal([run.Id], reaped);
        Assert.Equal(RunStatus.Failed, _store.GetRun(run.Id).Status);
        var reason = _store.GetRunData(run.Id).Tags[SystemTags.FailureReason];
        Assert.Contains("No heartbeat for 10800 s", reason, StringComparison.Ordinal);
        Assert.Contains("presumed dead", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_from_another_host_with_a_fresh_heartbeat_is_left_running()
    {
        var run = CreateRun(new RunOwner("gpu-node-17", 4242, 99));
        _clock.Advance(TimeSpan.FromHours(3));
        _store.SetHeartbeat(run.Id, _clock.NowMs - 5_000);

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Empty(reaped);
        Assert.Equal(RunStatus.Running, _store.GetRun(run.Id).Status);
    }

    [Fact]
    public void The_heartbeat_timeout_is_60_seconds_unless_overridden()
    {
        var run = CreateRun(new RunOwner("elsewhere", 1, 1));
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Empty(StaleRunReaper.Reap(_store, _clock));
        Assert.Equal([run.Id], StaleRunReaper.Reap(_store, _clock, heartbeatTimeout: TimeSpan.FromSeconds(59)));
    }

    [Fact]
    public void A_run_with_no_known_owner_is_judged_by_its_heartbeat()
    {
        var fresh = CreateRun(owner: null);
        var stale = CreateRun(owner: null);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _store.SetHeartbeat(fresh.Id, _clock.NowMs);

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Equal([stale.Id], reaped);
        Assert.Equal(RunStatus.Running, _store.GetRun(fresh.Id).Status);
    }

    [Fact]
    public void Ended_runs_are_never_touched()
    {
        var run = CreateRun(new RunOwner("elsewhere", 1, 1));
        _store.TryEndRun(run.Id, RunStatus.Running, RunStatus.Finished, _clock.NowMs);
        _clock.Advance(TimeSpan.FromDays(30));

        var reaped = StaleRunReaper.Reap(_store, _clock);

        Assert.Empty(reaped);
        Assert.Equal(RunStatus.Finished, _store.GetRun(run.Id).Status);
        Assert.Empty(_store.GetRunData(run.Id).Tags);
    }

    [Fact]
    public void Reaping_twice_ends_a_run_once()
    {
        var run = CreateRun(new RunOwner("elsewhere", 1, 1));
        _clock.Advance(TimeSpan.FromHours(1));

        var first = StaleRunReaper.Reap(_store, _clock);
        var second = StaleRunReaper.Reap(_store, _clock);

        Assert.Equal([run.Id], first);
        Assert.Empty(second);
    }

    /// <summary>The id of a process that ran on this host and has exited (and been reaped).</summary>
    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        return process.Id;
    }
}
