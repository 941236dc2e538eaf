using Repro.Storage;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// A store whose metric writes cost next to nothing: batches that carry only metric points are counted
/// and dropped; everything else goes to the inner store. Used to measure what <c>Run.LogMetric</c>
/// costs its caller, apart from the I/O the background writer does.
/// </summary>
internal sealed class DiscardingRunStore(IRunStore inner) : IRunStore
{
    private long _discardedPoints;

    public long DiscardedPoints => Interlocked.Read(ref _discardedPoints);

    public string Uri => inner.Uri;

    public void WriteBatch(RunId id, RunBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Params.Count == 0 && batch.Tags.Count == 0)
        {
            Interlocked.Add(ref _discardedPoints, batch.Metrics.Count);
            return;
        }

        inner.WriteBatch(id, batch);
    }

    public Experiment GetOrCreateExperiment(string name, long createdMs) => inner.GetOrCreateExperiment(name, createdMs);

    public IReadOnlyList<Experiment> ListExperiments() => inner.ListExperiments();

    public RunInfo CreateRun(NewRun run) => inner.CreateRun(run);

    public RunInfo GetRun(RunId id) => inner.GetRun(id);

    public RunId ResolveRun(string idOrPrefix) => inner.ResolveRun(idOrPrefix);

    public bool TryEndRun(RunId id, RunStatus expected, RunStatus status, long endTimeMs) => inner.TryEndRun(id, expected, status, endTimeMs);

    public RunData GetRunData(RunId id) => inner.GetRunData(id);

    public IReadOnlyList<string> GetMetricKeys(RunId id) => inner.GetMetricKeys(id);

    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key) => inner.GetMetricHistory(id, key);

    public IReadOnlyList<RunInfo> SearchRuns(RunQuery query) => inner.SearchRuns(query);

    public long CountRuns(RunQuery query) => inner.CountRuns(query);

    public void PutRunText(RunId id, string name, string content) => inner.PutRunText(id, name, content);

    public string? GetRunText(RunId id, string name) => inner.GetRunText(id, name);

    public void Dispose() => inner.Dispose();
}
