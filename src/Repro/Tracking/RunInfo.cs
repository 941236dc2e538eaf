namespace Repro.Tracking;

/// <summary>A run's identity and life-cycle attributes, without its params, metrics and tags.</summary>
/// <param name="Id">The run id.</param>
/// <param name="ExperimentId">The experiment the run belongs to.</param>
/// <param name="ExperimentName">That experiment's name.</param>
/// <param name="Name">A human-readable name; not unique.</param>
/// <param name="Status">The life-cycle state.</param>
/// <param name="StartTimeMs">Start, milliseconds since the Unix epoch (UTC).</param>
/// <param name="EndTimeMs">End, or null while running.</param>
/// <param name="ParentRunId">The parent run for nested runs, or null.</param>
/// <param name="Seed">The root seed every random choice of the run derives from.</param>
/// <param name="HeartbeatMs">The last time the owning process reported itself alive.</param>
/// <param name="Owner">The process driving the run, or null when unknown.</param>
public sealed record RunInfo(
    RunId Id,
    long ExperimentId,
    string ExperimentName,
    string Name,
    RunStatus Status,
    long StartTimeMs,
    long? EndTimeMs,
    RunId? ParentRunId,
    ulong Seed,
    long HeartbeatMs,
    RunOwner? Owner);
