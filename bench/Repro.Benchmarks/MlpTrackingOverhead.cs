using System.Diagnostics;
using System.Globalization;
using Repro.Profiling;
using Repro.Storage.Sqlite;
using static TorchSharp.torch;

namespace Repro.Benchmarks;

/// <summary>
/// <c>mlp-overhead</c>: wall seconds of the MLP training loop alone (A) and inside a tracked, profiled run (B): a
/// SQLite-backed run with the system sampler on, a phase per epoch and the loss logged at every step. Both read the
/// step's loss (a training loop reports it either way). Pairs alternate A/B and B/A so drift and warm-up hit both;
/// the figure is the median of the per-pair ratios.
/// </summary>
internal static class MlpTrackingOverhead
{
    public static int Run(string[] args)
    {
        var rows = IngestComparison.Option(args, "--rows", 20_000);
        var epochs = IngestComparison.Option(args, "--epochs", 3);
        var pairs = IngestComparison.Option(args, "--pairs", 8);
        var threads = IngestComparison.Option(args, "--threads", 1);
        set_num_threads(threads);
        var workload = new MlpWorkload(rows, features: 32, classes: 10, hidden: 128, batch: 64, orders: epochs);
        using var folder = new TempFolder("repro-mlp-overhead-");
        Plain(workload, epochs); // warm-up: JIT, libtorch's kernels, allocator pools

        var ratios = new List<double>();
        var plain = new List<double>();
        var tracked = new List<double>();
        var cpuRatios = new List<double>();
        long points = 0;
        for (var pair = 0; pair < pairs; pair++)
        {
            (double Wall, double Cpu) a, b;
            if (pair % 2 == 0)
            {
                a = Plain(workload, epochs);
                b = Tracked(workload, epochs, folder.File($"store-{pair}.db"), out points);
            }
            else
            {
                b = Tracked(workload, epochs, folder.File($"store-{pair}.db"), out points);
                a = Plain(workload, epochs);
            }

            plain.Add(a.Wall);
            tracked.Add(b.Wall);
            ratios.Add((b.Wall / a.Wall) - 1);
            cpuRatios.Add((b.Cpu / a.Cpu) - 1);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MLP training, {rows:N0} rows x {epochs} epochs, {threads} torch thread(s), {pairs} A/B pairs (alternating order); tracked run logs {points:N0} loss points, a phase per epoch, sampler every 1 s:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  plain    median {MlpComparison.Median(plain):F3} s (min {plain.Min():F3}, max {plain.Max():F3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  tracked  median {MlpComparison.Median(tracked):F3} s (min {tracked.Min():F3}, max {tracked.Max():F3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  overhead: median of per-pair ratios {MlpComparison.Median(ratios) * 100:+0.00;-0.00}% (pairs from {ratios.Min() * 100:+0.00;-0.00}% to {ratios.Max() * 100:+0.00;-0.00}%); min vs min {((tracked.Min() / plain.Min()) - 1) * 100:+0.00;-0.00}%; target <= 1%"));
        // With one torch thread libtorch computes on the calling thread, so that thread's CPU time is the training
        // plus whatever tracking adds to it, free of the scheduling noise other jobs put into wall time.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  training thread CPU: median of per-pair ratios {MlpComparison.Median(cpuRatios) * 100:+0.00;-0.00}% (pairs from {cpuRatios.Min() * 100:+0.00;-0.00}% to {cpuRatios.Max() * 100:+0.00;-0.00}%)"));
        return 0;
    }

    private static (double Wall, double Cpu) Plain(MlpWorkload workload, int epochs)
    {
        using var trainer = workload.CreateTrainer();
        var sum = 0.0;
        var cpu = ProcessClock.CurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            trainer.Epoch(epoch, (_, loss) => sum += loss);
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, ProcessClock.CurrentThread() - cpu);
    }

    private static (double Wall, double Cpu) Tracked(MlpWorkload workload, int epochs, string storePath, out long points)
    {
        using var store = SqliteRunStore.Create(storePath);
        using var trainer = workload.CreateTrainer();
        var run = QuietRun.Start(store);
        var sum = 0.0;
        var global = 0L;
        var cpu = ProcessClock.CurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using (run.Phase("train"))
            {
                trainer.Epoch(epoch, (_, loss) =>
                {
                    sum += loss;
                    run.LogMetric("loss", loss, global++);
                });
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = ProcessClock.CurrentThread() - cpu;
        run.Dispose();
        points = global;
        return (seconds, cpuSeconds);
    }
}
