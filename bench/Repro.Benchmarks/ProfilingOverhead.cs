using System.Diagnostics;
using System.Globalization;
using Repro.Profiling;
using Repro.Storage.Sqlite;

namespace Repro.Benchmarks;

/// <summary>
/// <c>profiling-overhead</c>: the wall time of a CPU-bound loop (a single thread doing floating-point
/// work, no allocation) alone (A) and inside a run with the system sampler at 1 s and a phase around every
/// chunk of work (B), interleaved A/B/A/B so machine drift hits both; and the CPU time the sampling thread
/// itself used, as a share of one core.
/// </summary>
internal static class ProfilingOverhead
{
    public static int Run(string[] args)
    {
        var seconds = IngestComparison.Option(args, "--seconds", 5);
        var pairs = IngestComparison.Option(args, "--pairs", 5);
        var chunks = IngestComparison.Option(args, "--phases", 100);
        using var folder = new TempFolder("repro-profiling-");

        // Calibrate the work to about --seconds of one core.
        var probe = Stopwatch.StartNew();
        var sink = Work(20_000_000);
        var iterations = (long)(20_000_000 * seconds / probe.Elapsed.TotalSeconds);

        var plain = new List<double>();
        var profiled = new List<double>();
        var samplerCpu = new List<double>();
        // The training thread's own CPU time: what the phases add to the loop, free of the scheduling noise
        // that other jobs on a shared machine put into wall time.
        var plainThread = new List<double>();
        var profiledThread = new List<double>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var started = Stopwatch.GetTimestamp();
            var threadStart = ProcessClock.CurrentThread();
            sink += Work(iterations);
            plain.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            plainThread.Add(ProcessClock.CurrentThread() - threadStart);

            using (var store = SqliteRunStore.Create(folder.File($"store-{pair}.db")))
            {
                var run = QuietRun.Start(store);

                // Timed from inside the run: what the sampler and the phases cost the loop, not opening a store.
                started = Stopwatch.GetTimestamp();
                threadStart = ProcessClock.CurrentThread();
                using (run.Phase("train"))
                {
                    for (var chunk = 0; chunk < chunks; chunk++)
                    {
                        using var _ = run.Phase("chunk");
                        sink += Work(iterations / chunks);
                    }
                }

                profiled.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                profiledThread.Add(ProcessClock.CurrentThread() - threadStart);
                run.Dispose();
                var profile = RunProfile.Load(store, run.Id)!;
                samplerCpu.Add(profile.Sampler!.SamplerCpuSeconds / profile.Run.WallSeconds);
            }
        }

        plain.Sort();
        profiled.Sort();
        samplerCpu.Sort();
        plainThread.Sort();
        profiledThread.Sort();
        var overhead = (profiled[pairs / 2] / plain[pairs / 2]) - 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU-bound loop, {pairs} A/B pairs of ~{seconds} s, {chunks} phases per run, sampler every 1 s (checksum {sink:E3}):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  plain     median {plain[pairs / 2]:F3} s  (min {plain[0]:F3}, max {plain[^1]:F3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  profiled  median {profiled[pairs / 2]:F3} s  (min {profiled[0]:F3}, max {profiled[^1]:F3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  wall overhead of the medians {overhead * 100:+0.00;-0.00}% (target <= 1%); min vs min {((profiled[0] / plain[0]) - 1) * 100:+0.00;-0.00}%"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  training thread CPU: plain median {plainThread[pairs / 2]:F3} s, profiled median {profiledThread[pairs / 2]:F3} s, overhead {((profiledThread[pairs / 2] / plainThread[pairs / 2]) - 1) * 100:+0.00;-0.00}% (the phases on the loop's thread, the sampler running beside it)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sampler thread CPU: median {samplerCpu[pairs / 2] * 100:F3}% of one core (max {samplerCpu[^1] * 100:F3}%; target <= 0.5%)"));
        return 0;
    }

    private static double Work(long iterations)
    {
        var x = 0.0;
        for (long i = 1; i <= iterations; i++)
        {
            x += Math.Sqrt(i) * 1e-9;
        }

        return x;
    }
}
