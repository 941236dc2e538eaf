using BenchmarkDotNet.Attributes;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// Reading back a 1,000,000-point metric history with <see cref="IRunStore.GetMetricHistory"/>
/// (target: &lt;= 300 ms). The series is written as the background writer would write it at 10,000
/// points/s: one batch, hence one chunk, per second.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class MetricHistoryBenchmarks
{
    private const int Points = 1_000_000;
    private const int PointsPerBatch = 10_000;

    private TempFolder? _folder;
    private SqliteRunStore? _store;
    private RunId _run;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder("repro-bench-history-");
        _store = SqliteRunStore.Create(_folder.File("repro.db"));
        _run = _store.CreateRun(new NewRun(RunId.New(), "bench", "history", MetricSeries.StartMs, 1, null, null)).Id;
        foreach (var batch in MetricSeries.Batches(Points / PointsPerBatch, PointsPerBatch, keyCount: 1, pointsPerSecond: PointsPerBatch, seed: 3))
        {
            _store.WriteBatch(_run, RunBatch.OfMetrics(batch));
        }

        var count = GetMetricHistory();
        if (count != Points)
        {
            throw new InvalidOperationException($"The history holds {count} points, expected {Points}.");
        }
    }

    [Benchmark]
    public int GetMetricHistory() => _store!.GetMetricHistory(_run, MetricSeries.Keys[0]).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _store!.Dispose();
        _folder!.Dispose();
    }
}
