using System.Globalization;
using Repro.Evaluation;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Demo;

/// <summary>What a demo run recorded, read back from the store by the <c>repro demo</c> process that started it.</summary>
/// <param name="Epochs">Epochs trained (points of <c>val_loss</c>).</param>
/// <param name="TestRows">Rows of the test fold (the logged predictions).</param>
/// <param name="Level">The confidence level of the intervals (param <c>bootstrap_level</c>).</param>
/// <param name="Resamples">The bootstrap resamples they come from (param <c>bootstrap_resamples</c>).</param>
/// <param name="TestMetrics">Each test metric with its bootstrap interval, in <see cref="DemoSettings.TestMetrics"/> order.</param>
/// <param name="Checkpoint">The checkpoint version the run stored, such as <c>checkpoint/demo-mlp:v1</c>.</param>
/// <param name="CheckpointDigest">Its BLAKE3 digest.</param>
internal sealed record DemoResults(int Epochs, int TestRows, double Level, int Resamples, IReadOnlyList<DemoTestMetric> TestMetrics, string Checkpoint, string CheckpointDigest)
{
    /// <summary>Reads the results of a finished demo run.</summary>
    /// <exception cref="ReproException">The run lacks something the demo records (it was not made by <c>repro demo train</c>).</exception>
    public static DemoResults Read(IRunStore store, RunId runId)
    {
        var data = store.GetRunData(runId);
        double Metric(string key) => data.LatestMetrics.TryGetValue(key, out var point)
            ? point.Value
            : throw new ReproException($"Demo run {runId.Value[..8]} has no metric '{key}': it did not finish its evaluation.");
        string Param(string key) => data.Params.TryGetValue(key, out var value)
            ? value
            : throw new ReproException($"Demo run {runId.Value[..8]} has no param '{key}': it was not made by 'repro demo'.");
        string Tag(string key) => data.Tags.TryGetValue(key, out var value)
            ? value
            : throw new ReproException($"Demo run {runId.Value[..8]} has no tag '{key}': it stored no checkpoint.");

        var metrics = DemoSettings.TestMetrics
            .Select(name =>
            {
                var key = DemoSettings.TestPrefix + name;
                return new DemoTestMetric(name, Metric(key), Metric(key + "_ci_low"), Metric(key + "_ci_high"));
            })
            .ToList();
        var predictions = RunPredictions.LoadPredictions(store, runId);
        return new DemoResults(
            store.GetMetricHistory(runId, "val_loss").Count,
            predictions.Count,
            double.Parse(Param("bootstrap_level"), CultureInfo.InvariantCulture),
            int.Parse(Param("bootstrap_resamples"), CultureInfo.InvariantCulture),
            metrics, Tag(DemoSettings.CheckpointTag), Tag(DemoSettings.CheckpointDigestTag));
    }
}
