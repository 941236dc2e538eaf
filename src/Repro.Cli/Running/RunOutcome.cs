using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>How a wrapped command ended, and so how its run ended.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">FINISHED for exit code 0, FAILED for any other, KILLED when a signal stopped it.</param>
/// <param name="ExitCode">The command's exit code; 128 + the signal number when a signal ended it.</param>
/// <param name="Reason">Why it did not finish, or null.</param>
/// <param name="DurationMs">From the run's creation to its end, in milliseconds.</param>
internal sealed record RunOutcome(RunId RunId, RunStatus Status, int ExitCode, string? Reason, long DurationMs);
