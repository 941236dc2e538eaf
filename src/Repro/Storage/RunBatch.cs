using Repro.Tracking;

namespace Repro.Storage;

/// <summary>
/// Everything one write adds to a run, applied atomically: all of it lands or none of it does.
/// This is the only write path for run data; conveniences such as <c>LogMetric</c> are built on it.
/// </summary>
/// <param name="Metrics">Points to append, in order.</param>
/// <param name="Params">Params to record; a key already recorded with the same value is a no-op, with a different value an error.</param>
/// <param name="Tags">Tags to set, replacing earlier values.</param>
/// <param name="HeartbeatMs">When set, the owning process's liveness time, recorded with the batch.</param>
public sealed record RunBatch(
    IReadOnlyList<MetricPoint> Metrics,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    long? HeartbeatMs = null)
{
    /// <summary>A batch that only carries metric points.</summary>
    public static RunBatch OfMetrics(IReadOnlyList<MetricPoint> metrics, long? heartbeatMs = null) =>
        new(metrics, [], [], heartbeatMs);

    /// <summary>A batch that only carries params.</summary>
    public static RunBatch OfParams(params KeyValuePair<string, string>[] values) => new([], values, []);

    /// <summary>A batch that only carries tags.</summary>
    public static RunBatch OfTags(params KeyValuePair<string, string>[] values) => new([], [], values);

    /// <summary>Checks every key and value against <see cref="TrackingLimits"/>.</summary>
    /// <exception cref="InvalidRunDataException">Something in the batch breaks a limit.</exception>
    public void Validate()
    {
        foreach (var point in Metrics)
        {
            TrackingLimits.ValidateKey("metric", point.Key);
        }

        foreach (var (key, value) in Params)
        {
            TrackingLimits.ValidateKey("param", key);
            TrackingLimits.ValidateParamValue(key, value);
        }

        foreach (var (key, value) in Tags)
        {
            TrackingLimits.ValidateKey("tag", key);
            TrackingLimits.ValidateTagValue(key, value);
        }
    }
}
