using System.Diagnostics;
using System.Globalization;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// <c>ingest</c>: sustained, durable metric ingest into Repro's store next to the row-per-point peer
/// (<see cref="RowPerPointStore"/>), on the same data and durability settings. Each side runs several
/// times, interleaved so machine noise hits both alike, into a fresh database each time; the median is
/// reported with the ratio.
/// </summary>
internal static class IngestComparison
{
    public static int Run(string[] args)
    {
        var batches = Option(args, "--batches", 20);
        var pointsPerBatch = Option(args, "--points", 100_000);
        var keys = Option(args, "--keys", 10);
        var repeat = Option(args, "--repeat", 5);
        var data = MetricSeries.Batches(batches, pointsPerBatch, keys, pointsPerSecond: pointsPerBatch, seed: 42);
        var total = (long)batches * pointsPerBatch;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingest: {batches} batches x {pointsPerBatch:N0} points over {keys} keys = {total:N0} points per measurement; WAL + synchronous=FULL; median of {repeat}."));

        // One small untimed pass of each side first, so JIT and first-open costs stay out of the figures.
        var warmup = MetricSeries.Batches(2, 10_000, keys, 10_000, seed: 7);
        _ = WriteBatches(warmup);
        _ = LogAndFlush(warmup);
        _ = RowPerPoint(warmup);

        var ours = new List<Measurement>();
        var endToEnd = new List<Measurement>();
        var peer = new List<Measurement>();
        for (var i = 0; i < repeat; i++)
        {
            ours.Add(WriteBatches(data));
            endToEnd.Add(LogAndFlush(data));
            peer.Add(RowPerPoint(data));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  #{i + 1}: repro WriteBatch {Rate(total, ours[^1].Seconds)}, repro LogMetric+Flush {Rate(total, endToEnd[^1].Seconds)}, peer {Rate(total, peer[^1].Seconds)}"));
        }

        var oursRate = total / Median(ours, m => m.Seconds);
        var endToEndRate = total / Median(endToEnd, m => m.Seconds);
        var peerRate = total / Median(peer, m => m.Seconds);
        string Cpu(List<Measurement> side) => string.Create(CultureInfo.InvariantCulture, $"{Median(side, m => m.CpuSeconds) * 1e9 / total,6:F0} CPU ns/point");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repro  store.WriteBatch (chunked series)      {oursRate,14:N0} points/s   {Cpu(ours)}   {(double)ours[0].Bytes / total,5:F1} bytes/point on disk"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repro  Run.LogMetric + Flush (end to end)    {endToEndRate,14:N0} points/s   {Cpu(endToEnd)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer   row-per-point prepared INSERT         {peerRate,14:N0} points/s   {Cpu(peer)}   {(double)peer[0].Bytes / total,5:F1} bytes/point on disk"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio  WriteBatch / peer                     {oursRate / peerRate,14:F1}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio  LogMetric + Flush / peer              {endToEndRate / peerRate,14:F1}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target >= 2,000,000 points/s durable: WriteBatch {(oursRate >= 2_000_000 ? "met" : "MISSED")}, LogMetric + Flush {(endToEndRate >= 2_000_000 ? "met" : "MISSED")}"));
        return 0;
    }

    /// <summary>Wall-clock and process CPU time of one side; CPU time is steadier on a shared machine.</summary>
    private readonly record struct Measurement(double Seconds, double CpuSeconds, long Bytes);

    private readonly record struct Clock(Stopwatch Wall, TimeSpan CpuAtStart)
    {
        public static Clock Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

        public (double Seconds, double CpuSeconds) Stop() =>
            (Wall.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - CpuAtStart).TotalSeconds);
    }

    private static Measurement WriteBatches(MetricPoint[][] data)
    {
        using var folder = new TempFolder("repro-bench-ingest-");
        (double Seconds, double CpuSeconds) time;
        using (var store = SqliteRunStore.Create(folder.File("repro.db")))
        {
            var run = NewRun(store);
            var clock = Clock.Start();
            foreach (var batch in data)
            {
                store.WriteBatch(run, RunBatch.OfMetrics(batch));
            }

            time = clock.Stop();
            Check(store.GetMetricKeys(run).Sum(key => (long)store.GetMetricHistory(run, key).Count), data, "WriteBatch");
        }

        return new Measurement(time.Seconds, time.CpuSeconds, folder.SizeBytes());
    }

    private static Measurement LogAndFlush(MetricPoint[][] data)
    {
        using var folder = new TempFolder("repro-bench-ingest-");
        (double Seconds, double CpuSeconds) time;
        using (var store = SqliteRunStore.Create(folder.File("repro.db")))
        {
            RunId id;
            using (var run = Tracking.Run.Start(new RunOptions { Store = store, AttachToEnvironment = false, HandleProcessEvents = false, Seed = 1 }))
            {
                id = run.Id;
                var clock = Clock.Start();
                foreach (var batch in data)
                {
                    foreach (var point in batch)
                    {
                        run.LogMetric(point.Key, point.Value, point.Step);
                    }
                }

                run.Flush();
                time = clock.Stop();
            }

            Check(store.GetMetricKeys(id).Sum(key => (long)store.GetMetricHistory(id, key).Count), data, "LogMetric");
        }

        return new Measurement(time.Seconds, time.CpuSeconds, folder.SizeBytes());
    }

    private static Measurement RowPerPoint(MetricPoint[][] data)
    {
        using var folder = new TempFolder("repro-bench-peer-");
        (double Seconds, double CpuSeconds) time;
        using (var peer = new RowPerPointStore(folder.File("peer.db")))
        {
            var clock = Clock.Start();
            foreach (var batch in data)
            {
                peer.Write(1, batch);
            }

            time = clock.Stop();
            Check(peer.Count(), data, "peer");
        }

        return new Measurement(time.Seconds, time.CpuSeconds, folder.SizeBytes());
    }

    private static RunId NewRun(IRunStore store) =>
        store.CreateRun(new NewRun(RunId.New(), "bench", "ingest", MetricSeries.StartMs, 1, null, null)).Id;

    private static void Check(long stored, MetricPoint[][] data, string side)
    {
        var expected = data.Sum(b => (long)b.Length);
        if (stored != expected)
        {
            throw new InvalidOperationException($"{side} stored {stored} points, expected {expected}: the measurement is void.");
        }
    }

    private static double Median(List<Measurement> values, Func<Measurement, double> selector)
    {
        var sorted = values.Select(selector).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Rate(long points, double seconds) => string.Create(CultureInfo.InvariantCulture, $"{points / seconds:N0}/s");

    internal static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
