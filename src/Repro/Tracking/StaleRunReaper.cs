using System.Globalization;
using Repro.Storage;

namespace Repro.Tracking;

/// <summary>
/// Marks RUNNING runs whose process died without ending them (SIGKILL, power loss, OOM killer) as FAILED,
/// with a <see cref="SystemTags.FailureReason"/> tag. Called whenever runs are read, so a dead run is
/// never shown as running.
/// </summary>
/// <remarks>
/// A run owned by a process on this host is dead as soon as that process (same pid and start time) is
/// gone. A run owned elsewhere is presumed dead when its heartbeat, refreshed every flush interval, is
/// older than <see cref="HeartbeatTimeout"/>.
/// </remarks>
public static class StaleRunReaper
{
    /// <summary>How long a run from another host may go without a heartbeat before it is presumed dead: 60 s.</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Finds RUNNING runs that are dead and ends them FAILED. Returns the runs it ended.</summary>
    /// <param name="store">The store to check.</param>
    /// <param name="time">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="heartbeatTimeout">Overrides <see cref="HeartbeatTimeout"/>.</param>
    public static IReadOnlyList<RunId> Reap(IRunStore store, TimeProvider? time = null, TimeSpan? heartbeatTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var timeout = (long)(heartbeatTimeout ?? HeartbeatTimeout).TotalMilliseconds;
        var running = store.SearchRuns(new RunQuery
        {
            Filter = RunFilter.Of(new FilterClause(new RunField(RunFieldKind.Attribute, "status"), FilterOperator.Equal, Text: "RUNNING")),
            Limit = 100_000,
        });

        var reaped = new List<RunId>();
        foreach (var run in running)
        {
            var reason = DeathReason(run, now, timeout);
            if (reason is not null && store.TryEndRun(run.Id, RunStatus.Running, RunStatus.Failed, run.HeartbeatMs))
            {
                store.WriteBatch(run.Id, RunBatch.OfTags(KeyValuePair.Create(SystemTags.FailureReason, reason)));
                reaped.Add(run.Id);
            }
        }

        return reaped;
    }

    private static string? DeathReason(RunInfo run, long nowMs, long timeoutMs)
    {
        var lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(run.HeartbeatMs).ToString("u", CultureInfo.InvariantCulture);
        if (run.Owner is { } owner && owner.Host == System.Environment.MachineName)
        {
            return ProcessIdentity.IsAlive(owner.ProcessId, owner.ProcessStartTicks)
                ? null
                : $"Process {owner.ProcessId} on {owner.Host} exited without ending the run (last heartbeat {lastSeen}).";
        }

        return nowMs - run.HeartbeatMs > timeoutMs
            ? $"No heartbeat for {(nowMs - run.HeartbeatMs) / 1000} s (last {lastSeen}); the process driving the run is presumed dead."
            : null;
    }
}
