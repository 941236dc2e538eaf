using BenchmarkDotNet.Attributes;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// What <see cref="Run.LogMetric(string, double, long)"/> costs the training loop that calls it (target: median &lt;= 100 ns,
/// nothing allocated per call). The background writer drains the buffer meanwhile, into the real SQLite
/// store or into a store that discards metric batches (isolating the caller's cost from the writer's
/// I/O competing for the 2 cores). Each iteration logs 2^22 points and is then flushed, so the buffers
/// stay bounded however many iterations BenchmarkDotNet runs.
/// </summary>
/// <remarks>
/// BenchmarkDotNet counts the bytes allocated by the whole process, so the sqlite case also shows what
/// the writer thread allocates per point it persists; the discard case is the caller's own figure.
/// </remarks>
[Config(typeof(BenchmarkConfig))]
[InvocationCount(1 << 22)]
public class LogMetricBenchmarks
{
    private TempFolder? _folder;
    private Run? _run;
    private long _step;

    /// <summary>Where the background writer sends the points.</summary>
    [Params("discard", "sqlite")]
    public string Store { get; set; } = "discard";

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder("repro-bench-logmetric-");
        var sqlite = SqliteRunStore.Create(_folder.File("repro.db"));
        _run = Run.Start(new RunOptions
        {
            Store = Store == "sqlite" ? sqlite : new DiscardingRunStore(sqlite),
            AttachToEnvironment = false,
            HandleProcessEvents = false,
            Seed = 1,
        });
    }

    [Benchmark]
    public void LogMetric() => _run!.LogMetric("train/loss", 0.25, _step++);

    [IterationCleanup]
    public void Drain() => _run!.Flush();

    [GlobalCleanup]
    public void Cleanup()
    {
        var store = _run!.Store;
        _run.Dispose();
        store.Dispose();
        _folder!.Dispose();
    }
}
