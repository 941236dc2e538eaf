using System.Globalization;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// <c>alloc</c>: bytes the calling thread allocates per <see cref="Run.LogMetric(string, double, long)"/> at steady state, with
/// the real SQLite store behind the background writer. BenchmarkDotNet counts the whole process (the
/// writer thread included); this counts the training loop's own thread only.
/// </summary>
internal static class CallerAllocationCheck
{
    public static int Run(string[] args)
    {
        var calls = IngestComparison.Option(args, "--calls", 4_000_000);
        using var folder = new TempFolder("repro-bench-alloc-");
        using var store = SqliteRunStore.Create(folder.File("repro.db"));
        using var run = Tracking.Run.Start(new RunOptions { Store = store, AttachToEnvironment = false, HandleProcessEvents = false, Seed = 1 });
        string[] keys = ["train/loss", "train/accuracy", "lr"];

        // Warm up: JIT, first sight of each key, and both buffers grown to this many points.
        for (var round = 0; round < 2; round++)
        {
            Log(run, keys, calls, 0);
            run.Flush();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        Log(run, keys, calls, calls);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        run.Flush();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LogMetric, SQLite store behind the writer: the calling thread allocated {allocated:N0} bytes over {calls:N0} calls ({(double)allocated / calls:F3} bytes/call)."));
        return allocated == 0 ? 0 : 1;
    }

    private static void Log(Run run, string[] keys, int calls, long firstStep)
    {
        for (var i = 0; i < calls; i++)
        {
            run.LogMetric(keys[i % keys.Length], i * 0.5, firstStep + i);
        }
    }
}
