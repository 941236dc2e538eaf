using Repro.Storage;
using Repro.Tracking;

namespace Repro.Tests.Evaluation;

/// <summary>
/// A store that keeps only runs' text attachments, in memory: enough for code that saves and reads run
/// texts. Everything else is not supported (this project has no store back end to test against).
/// </summary>
internal sealed class RunTextStore : IRunStore
{
    private readonly Dictionary<(RunId Run, string Name), string> _texts = [];
    private readonly HashSet<RunId> _runs = [];

    public string Uri => "memory:texts";

    public RunId AddRun()
    {
        var id = RunId.New();
        _runs.Add(id);
        return id;
    }

    public void PutRunText(RunId id, string name, string content)
    {
        RequireRun(id);
        _texts[(id, name)] = content;
    }

    public string? GetRunText(RunId id, string name)
    {
        RequireRun(id);
        return _texts.GetValueOrDefault((id, name));
    }

    public IReadOnlyList<string> TextNames(RunId id) => [.. _texts.Keys.Where(k => k.Run == id).Select(k => k.Name)];

    public Experiment GetOrCreateExperiment(string name, long createdMs) => throw new NotSupportedException();

    public IReadOnlyList<Experiment> ListExperiments() => throw new NotSupportedException();

    public RunInfo CreateRun(NewRun run) => throw new NotSupportedException();

    public RunInfo GetRun(RunId id) => throw new NotSupportedException();

    public RunId ResolveRun(string idOrPrefix) => throw new NotSupportedException();

    public void WriteBatch(RunId id, RunBatch batch) => throw new NotSupportedException();

    public bool TryEndRun(RunId id, RunStatus expected, RunStatus status, long endTimeMs) => throw new NotSupportedException();

    public RunData GetRunData(RunId id) => throw new NotSupportedException();

    public IReadOnlyList<string> GetMetricKeys(RunId id) => throw new NotSupportedException();

    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key) => throw new NotSupportedException();

    public IReadOnlyList<RunInfo> SearchRuns(RunQuery query) => throw new NotSupportedException();

    public long CountRuns(RunQuery query) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void RequireRun(RunId id)
    {
        if (!_runs.Contains(id))
        {
            throw new RunNotFoundException(id.Value, $"No run matches '{id.Value}'.");
        }
    }
}
