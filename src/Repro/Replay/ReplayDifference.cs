namespace Repro.Replay;

/// <summary>The first difference a comparison found.</summary>
/// <param name="Kind"><c>exit_code</c>, <c>param</c>, <c>metric</c> or <c>output</c>.</param>
/// <param name="Key">The param, metric or output path; null for the exit code.</param>
/// <param name="Step">For a metric, the step of the first differing point.</param>
/// <param name="Original">The original run's value, or null when it has none.</param>
/// <param name="Replay">The replay's value, or null when it has none.</param>
/// <param name="Message">The difference in one sentence.</param>
internal sealed record ReplayDifference(string Kind, string? Key, long? Step, string? Original, string? Replay, string Message);
