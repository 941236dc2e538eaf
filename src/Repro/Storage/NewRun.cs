using Repro.Tracking;

namespace Repro.Storage;

/// <summary>What a store needs to create a run.</summary>
/// <param name="Id">The new run's id.</param>
/// <param name="ExperimentName">The experiment to put it in; created when it does not exist.</param>
/// <param name="Name">A human-readable name.</param>
/// <param name="StartTimeMs">Start, milliseconds since the Unix epoch (UTC).</param>
/// <param name="Seed">The run's root seed.</param>
/// <param name="ParentRunId">The parent run, or null.</param>
/// <param name="Owner">The process driving the run.</param>
public sealed record NewRun(
    RunId Id,
    string ExperimentName,
    string Name,
    long StartTimeMs,
    ulong Seed,
    RunId? ParentRunId,
    RunOwner? Owner);
