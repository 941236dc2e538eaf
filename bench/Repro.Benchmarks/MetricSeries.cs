using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// Deterministic metric data shaped like a busy training loop: at every step each of a few keys gets a
/// value, and the clock advances as it would at the given logging rate.
/// </summary>
internal static class MetricSeries
{
    /// <summary>Ten keys of the kind a training loop logs.</summary>
    public static readonly string[] Keys =
    [
        "loss", "accuracy", "lr", "grad_norm", "val/loss", "val/accuracy", "throughput", "gpu/memory", "epoch_time", "tokens_per_s",
    ];

    /// <summary>Epoch milliseconds the generated series start at (2025-01-01T00:00:00Z).</summary>
    public const long StartMs = 1_735_689_600_000;

    /// <summary>
    /// <paramref name="batchCount"/> batches of <paramref name="pointsPerBatch"/> points over
    /// <paramref name="keyCount"/> keys, logged at <paramref name="pointsPerSecond"/>.
    /// </summary>
    public static MetricPoint[][] Batches(int batchCount, int pointsPerBatch, int keyCount, int pointsPerSecond, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyCount, Keys.Length);
        var random = new Random(seed);
        var batches = new MetricPoint[batchCount][];
        long index = 0;
        for (var b = 0; b < batchCount; b++)
        {
            var batch = new MetricPoint[pointsPerBatch];
            for (var i = 0; i < pointsPerBatch; i++, index++)
            {
                var step = index / keyCount;
                var key = Keys[index % keyCount];
                batch[i] = new MetricPoint(key, Value(random, step), step, StartMs + (index * 1000 / pointsPerSecond));
            }

            batches[b] = batch;
        }

        return batches;
    }

    /// <summary>A decaying, noisy curve: most values need all 64 bits, as real losses do.</summary>
    private static double Value(Random random, long step) => (2.0 / (1.0 + (step * 0.001))) + (random.NextDouble() * 0.05);
}
