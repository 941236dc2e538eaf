using Repro.Storage;
using Repro.Tracking;

namespace Repro.Tests.Data;

/// <summary>A store for one run that keeps its params and tags in memory, enough for <see cref="Run"/> to log to.</summary>
internal sealed class TagRecordingStore : IRunStore
{
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private RunInfo? _run;

    public string Uri => "memory:";

    public IReadOnlyDictionary<string, string> Tags
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_tags, StringComparer.Ordinal);
            }
        }
    }

    public RunInfo CreateRun(NewRun run)
    {
        _run = new RunInfo(run.Id, 1, run.ExperimentName, run.Name, RunStatus.Running, run.StartTimeMs, null, run.ParentRunId, run.Seed, run.StartTimeMs, run.Owner);
        return _run;
    }

    public void WriteBatch(RunId id, RunBatch batch)
    {
        batch.Validate();
        lock (_gate)
        {
            foreach (var (key, value) in batch.Tags)
            {
                _tags[key] = value;
            }

            foreach (var (key, value) in batch.Params)
            {
                _params[key] = value;
            }
        }
    }

    public bool TryEndRun(RunId id, RunStatus expected, RunStatus status, long endTimeMs) => true;

    public RunInfo GetRun(RunId id) => _run ?? throw new RunNotFoundException(id.Value, "No run.");

    public RunData GetRunData(RunId id) => new(_params, Tags, new Dictionary<string, MetricPoint>());

    public Experiment GetOrCreateExperiment(string name, long createdMs) => throw new NotSupportedException();

    public IReadOnlyList<Experiment> ListExperiments() => throw new NotSupportedException();

    public RunId ResolveRun(string idOrPrefix) => throw new NotSupportedException();

    public IReadOnlyList<string> GetMetricKeys(RunId id) => throw new NotSupportedException();

    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key) => throw new NotSupportedException();

    public IReadOnlyList<RunInfo> SearchRuns(RunQuery query) => throw new NotSupportedException();

    public long CountRuns(RunQuery query) => throw new NotSupportedException();

    public void PutRunText(RunId id, string name, string content) => throw new NotSupportedException();

    public string? GetRunText(RunId id, string name) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
