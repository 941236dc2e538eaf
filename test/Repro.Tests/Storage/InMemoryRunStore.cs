using Repro.Storage;
using Repro.Tracking;

namespace Repro.Tests.Storage;

/// <summary>
/// A run store in memory for the core library's tests, with two controls a real store lacks: a gate that
/// holds every write until the test opens it, and a hook that makes writes fail. It keeps the rules every
/// store keeps (validation, write-once params, atomic batches, ordered metric series); its search only
/// understands what <see cref="StaleRunReaper"/> asks for.
/// </summary>
internal sealed class InMemoryRunStore : IRunStore
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly List<Experiment> _experiments = [];
    private readonly List<StoredRun> _runs = [];
    private readonly List<RunBatch> _batches = [];
    private int _waitingWrites;

    /// <summary>Writes wait while this is reset; set by default.</summary>
    public ManualResetEventSlim WriteGate { get; } = new(initialState: true);

    /// <summary>Called with each batch once the gate opens; a returned exception is thrown instead of writing.</summary>
    public Func<RunBatch, Exception?>? FailWrite { get; set; }

    /// <summary>Writes now held by <see cref="WriteGate"/>.</summary>
    public int WaitingWrites => Volatile.Read(ref _waitingWrites);

    public bool IsDisposed { get; private set; }

    public string Uri { get; init; } = "memory:test";

    /// <summary>Every batch written, in order, with its metric points copied.</summary>
    public IReadOnlyList<RunBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public Experiment GetOrCreateExperiment(string name, long createdMs)
    {
        TrackingLimits.ValidateName("experiment", name);
        lock (_gate)
        {
            return GetOrCreateExperimentLocked(name, createdMs);
        }
    }

    public IReadOnlyList<Experiment> ListExperiments()
    {
        lock (_gate)
        {
            return [.. _experiments.OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
    }

    public RunInfo CreateRun(NewRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        TrackingLimits.ValidateName("experiment", run.ExperimentName);
        TrackingLimits.ValidateName("run", run.Name);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (_runs.Any(r => r.Info.Id == run.Id))
            {
                throw new InvalidRunDataException($"A run with id {run.Id} already exists.");
            }

            var experiment = GetOrCreateExperimentLocked(run.ExperimentName, run.StartTimeMs);
            var info = new RunInfo(run.Id, experiment.Id, experiment.Name, run.Name, RunStatus.Running, run.StartTimeMs, null,
                run.ParentRunId, run.Seed, run.StartTimeMs, run.Owner);
            _runs.Add(new StoredRun(info));
            return info;
        }
    }

    /// <summary>Sets a run's heartbeat directly, as if its process last reported at that time.</summary>
    public void SetHeartbeat(RunId id, long heartbeatMs)
    {
        lock (_gate)
        {
            var run = Find(id);
            run.Info = run.Info with { HeartbeatMs = heartbeatMs };
        }
    }

    public RunInfo GetRun(RunId id)
    {
        lock (_gate)
        {
            return Find(id).Info;
        }
    }

    public RunId ResolveRun(string idOrPrefix)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        lock (_gate)
        {
            var matches = _runs.Where(r => r.Info.Id.Value.StartsWith(idOrPrefix, StringComparison.Ordinal)).ToList();
            return matches.Count == 1
                ? matches[0].Info.Id
                : throw new RunNotFoundException(idOrPrefix, $"'{idOrPrefix}' matches {matches.Count} runs.");
        }
    }

    public void WriteBatch(RunId id, RunBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        Interlocked.Increment(ref _waitingWrites);
        try
        {
            if (!WriteGate.Wait(GateTimeout))
            {
                throw new TimeoutException("The test never opened the write gate.");
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waitingWrites);
        }

        if (FailWrite?.Invoke(batch) is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            var run = Find(id);
            // Check everything before changing anything: a batch lands whole or not at all.
            var pending = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in batch.Params)
            {
                var existing = run.Params.TryGetValue(key, out var stored) ? stored : pending.GetValueOrDefault(key);
                if (existing is not null && existing != value)
                {
                    throw Run.ParamChanged(key, existing, value);
                }

                pending[key] = value;
            }

            foreach (var (key, value) in pending)
            {
                run.Params[key] = value;
            }

            foreach (var (key, value) in batch.Tags)
            {
                run.Tags[key] = value;
            }

            // The caller may reuse the list it passed (the metric writer does): keep a copy.
            var points = batch.Metrics.ToArray();
            foreach (var point in points)
            {
                if (!run.Metrics.TryGetValue(point.Key, out var series))
                {
                    run.Metrics[point.Key] = series = [];
                }

                series.Add(point);
            }

            if (batch.HeartbeatMs is { } heartbeat)
            {
                run.Info = run.Info with { HeartbeatMs = Math.Max(run.Info.HeartbeatMs, heartbeat) };
            }

            _batches.Add(batch with { Metrics = points });
        }
    }

    public bool TryEndRun(RunId id, RunStatus expected, RunStatus status, long endTimeMs)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            var run = Find(id);
            if (run.Info.Status != expected)
            {
                return false;
            }

            run.Info = run.Info with { Status = status, EndTimeMs = status == RunStatus.Running ? null : endTimeMs };
            return true;
        }
    }

    public RunData GetRunData(RunId id)
    {
        lock (_gate)
        {
            var run = Find(id);
            var latest = new Dictionary<string, MetricPoint>(StringComparer.Ordinal);
            foreach (var (key, series) in run.Metrics)
            {
                latest[key] = series.Aggregate((a, b) => b.Step > a.Step || (b.Step == a.Step && b.TimestampMs >= a.TimestampMs) ? b : a);
            }

            return new RunData(
                new Dictionary<string, string>(run.Params, StringComparer.Ordinal),
                new Dictionary<string, string>(run.Tags, StringComparer.Ordinal),
                latest);
        }
    }

    public IReadOnlyList<string> GetMetricKeys(RunId id)
    {
        lock (_gate)
        {
            return [.. Find(id).Metrics.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key)
    {
        lock (_gate)
        {
            return Find(id).Metrics.TryGetValue(key, out var series) ? [.. series] : [];
        }
    }

    public IReadOnlyList<RunInfo> SearchRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IEnumerable<RunInfo> runs = _runs.Select(r => r.Info);
            if (query.ExperimentNames.Count > 0)
            {
                runs = runs.Where(r => query.ExperimentNames.Contains(r.ExperimentName));
            }

            foreach (var clause in query.Filter.Clauses)
            {
                if (clause is not { Field: { Kind: RunFieldKind.Attribute, Key: "status" }, Operator: FilterOperator.Equal })
                {
                    throw new NotSupportedException($"The in-memory test store only filters on status =, not {clause.Field}.");
                }

                runs = runs.Where(r => r.Status.ToName() == clause.Text);
            }

            return [.. runs.OrderByDescending(r => r.StartTimeMs).Take(query.Limit)];
        }
    }

    public long CountRuns(RunQuery query) => SearchRuns(query with { Limit = int.MaxValue }).Count;

    public void PutRunText(RunId id, string name, string content)
    {
        lock (_gate)
        {
            Find(id).Texts[name] = content;
        }
    }

    public string? GetRunText(RunId id, string name)
    {
        lock (_gate)
        {
            return Find(id).Texts.GetValueOrDefault(name);
        }
    }

    /// <summary>The names of a run's texts, in ordinal order.</summary>
    public IReadOnlyList<string> TextNames(RunId id)
    {
        lock (_gate)
        {
            return [.. Find(id).Texts.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            IsDisposed = true;
        }
    }

    private Experiment GetOrCreateExperimentLocked(string name, long createdMs)
    {
        var experiment = _experiments.FirstOrDefault(e => e.Name == name);
        if (experiment is null)
        {
            experiment = new Experiment(_experiments.Count + 1, name, createdMs);
            _experiments.Add(experiment);
        }

        return experiment;
    }

    private StoredRun Find(RunId id) =>
        _runs.FirstOrDefault(r => r.Info.Id == id) ?? throw new RunNotFoundException(id.Value, $"No run with id {id}.");

    private sealed class StoredRun(RunInfo info)
    {
        public RunInfo Info { get; set; } = info;

        public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<MetricPoint>> Metrics { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);
    }
}
