using System.Globalization;
using Repro.Tracking;

namespace Repro.Cli;

/// <summary>
/// One run as <c>runs list --json</c> prints it (and <c>runs show --json</c> under <c>"run"</c>). A stable
/// contract: flat, snake_case, times in ms since the Unix epoch, <c>end_time_ms</c> and
/// <c>duration_ms</c> null while running, the 64-bit seed as a decimal string (JSON numbers lose
/// precision above 2^53), <c>metrics</c> the latest value of each metric (NaN and infinities as the
/// strings "NaN", "Infinity", "-Infinity"). Keys of params, metrics and tags are sorted ordinally.
/// </summary>
internal sealed record RunJson(
    string RunId,
    string Experiment,
    string Name,
    string Status,
    long StartTimeMs,
    long? EndTimeMs,
    long? DurationMs,
    string Seed,
    string? ParentRunId,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags)
{
    public static RunJson From(RunInfo run, RunData data) => new(
        run.Id.Value,
        run.ExperimentName,
        run.Name,
        run.Status.ToName(),
        run.StartTimeMs,
        run.EndTimeMs,
        run.EndTimeMs - run.StartTimeMs,
        run.Seed.ToString(CultureInfo.InvariantCulture),
        run.ParentRunId?.Value,
        new SortedDictionary<string, string>(data.Params.ToDictionary(), StringComparer.Ordinal),
        new SortedDictionary<string, double>(data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value.Value), StringComparer.Ordinal),
        new SortedDictionary<string, string>(data.Tags.ToDictionary(), StringComparer.Ordinal));
}
