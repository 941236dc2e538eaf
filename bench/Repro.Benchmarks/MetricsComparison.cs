using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Repro.Evaluation;

namespace Repro.Benchmarks;

/// <summary>
/// <c>metrics</c>: Repro's side of bench/compare/metrics_vs_sklearn.py. Reads the binary predictions
/// the script wrote (labels.i32: little-endian int32; scores.f64: little-endian float64), builds the
/// prediction set (timed apart: it is loading, not scoring), then times each metric at each thread
/// count, median of --repeat, and prints one JSON object per metric and thread count with the value
/// and its bits, so the script can check agreement with scikit-learn and across thread counts.
/// </summary>
internal static class MetricsComparison
{
    private static readonly string[] Metrics = ["roc_auc", "average_precision", "log_loss", "f1"];

    public static int Run(string[] args)
    {
        var folder = Option(args, "--data", null) ?? throw new ArgumentException("metrics: --data FOLDER is required (written by bench/compare/metrics_vs_sklearn.py).");
        var repeat = int.Parse(Option(args, "--repeat", "3")!, CultureInfo.InvariantCulture);
        var threads = Option(args, "--threads", "1,2")!.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();

        var labels = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(folder, "labels.i32"))).ToArray();
        var scores = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(folder, "scores.f64"))).ToArray();
        var clock = Stopwatch.StartNew();
        var predictions = Predictions.Binary(labels, scores);
        var construction = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"construction_seconds\": {construction:R}, \"rows\": {predictions.Count}}}"));

        // Untimed warm-up on a slice, enough calls for tiered JIT to settle on optimized code.
        var slice = Predictions.Binary(labels.AsSpan(0, Math.Min(labels.Length, 100_000)), scores.AsSpan(0, Math.Min(scores.Length, 100_000)));
        for (var i = 0; i < 40; i++)
        {
            foreach (var metric in Metrics)
            {
                foreach (var t in threads)
                {
                    _ = MetricCatalog.Compute(metric, slice, null, t);
                }
            }
        }

        foreach (var metric in Metrics)
        {
            foreach (var t in threads)
            {
                var seconds = new List<double>();
                var value = double.NaN;
                for (var r = 0; r < repeat; r++)
                {
                    clock.Restart();
                    value = MetricCatalog.Compute(metric, predictions, null, t);
                    seconds.Add(clock.Elapsed.TotalSeconds);
                }

                seconds.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"metric\": \"{metric}\", \"threads\": {t}, \"median_seconds\": {seconds[seconds.Count / 2]:R}, \"seconds\": [{string.Join(", ", seconds.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))}], \"value\": {value:R}, \"bits\": \"{BitConverter.DoubleToInt64Bits(value):x16}\"}}"));
            }
        }

        return 0;
    }

    private static string? Option(string[] args, string name, string? fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
