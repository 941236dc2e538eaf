using Repro.Tracking;

namespace Repro.Storage;

/// <summary>
/// Where runs live. Narrow and batch-first: a back end implements these operations and nothing else;
/// every convenience (logging one metric, ending a run) is built on them in <see cref="Tracking"/>.
/// Every back end passes the conformance suite in <c>test/Repro.Storage.Conformance</c>.
/// </summary>
/// <remarks>
/// Implementations are safe to call from several threads and, for a shared store, several processes.
/// Failures are reported as <see cref="StoreException"/> (with <see cref="ReproException.IsTransient"/>),
/// <see cref="InvalidRunDataException"/> or <see cref="RunNotFoundException"/>; a failed call changes nothing.
/// </remarks>
public interface IRunStore : IDisposable
{
    /// <summary>The URI the store was opened from, as users would pass it to <c>--store</c>.</summary>
    string Uri { get; }

    /// <summary>Returns the experiment with this name, creating it when it does not exist.</summary>
    Experiment GetOrCreateExperiment(string name, long createdMs);

    /// <summary>All experiments, by name.</summary>
    IReadOnlyList<Experiment> ListExperiments();

    /// <summary>Creates a RUNNING run (and its experiment when needed).</summary>
    /// <exception cref="InvalidRunDataException">The id already exists, or a name breaks a limit.</exception>
    RunInfo CreateRun(NewRun run);

    /// <summary>Returns a run by full id.</summary>
    /// <exception cref="RunNotFoundException">No run has that id.</exception>
    RunInfo GetRun(RunId id);

    /// <summary>Resolves a full id or a unique prefix of one (like git).</summary>
    /// <exception cref="RunNotFoundException">Nothing matches, or the prefix matches several runs (the message names some).</exception>
    RunId ResolveRun(string idOrPrefix);

    /// <summary>Appends metrics, records params, sets tags and the heartbeat, atomically.</summary>
    /// <exception cref="InvalidRunDataException">A limit is broken or a param would change; nothing was written.</exception>
    /// <exception cref="RunNotFoundException">The run does not exist.</exception>
    void WriteBatch(RunId id, RunBatch batch);

    /// <summary>
    /// Ends a run: sets its status and end time, provided its status is still <paramref name="expected"/>.
    /// Returns false, changing nothing, when it is not (another process ended it first).
    /// </summary>
    bool TryEndRun(RunId id, RunStatus expected, RunStatus status, long endTimeMs);

    /// <summary>The params, tags and latest metric values of a run.</summary>
    RunData GetRunData(RunId id);

    /// <summary>The metric keys a run has logged, sorted ordinally.</summary>
    IReadOnlyList<string> GetMetricKeys(RunId id);

    /// <summary>Every point of one metric, in the order logged; values are bit-identical to what was logged.</summary>
    IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key);

    /// <summary>Runs matching a query, ordered and limited as it says.</summary>
    IReadOnlyList<RunInfo> SearchRuns(RunQuery query);

    /// <summary>How many runs match a query's experiments and filter (its order and limit are ignored).</summary>
    long CountRuns(RunQuery query);

    /// <summary>Stores a named text attachment of a run (captured stdout, stderr), replacing any earlier one.</summary>
    void PutRunText(RunId id, string name, string content);

    /// <summary>A named text attachment of a run, or null when there is none.</summary>
    string? GetRunText(RunId id, string name);
}
