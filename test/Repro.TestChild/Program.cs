using System.Globalization;
using System.Runtime.InteropServices;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.TestChild;

/// <summary>
/// Drives one run against the store named on the command line, then ends in the way the mode asks:
/// <c>Repro.TestChild MODE STORE_PATH [ARGS]</c>. Every mode that waits for the test gives up by itself
/// after <see cref="Lifetime"/>, so a test that dies never leaves this process behind for long.
/// </summary>
internal static class Program
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Repro.TestChild unhandled|unhandled-async|unhandled-rethrow|wait|return|stream|write|train STORE_PATH [ARGS]");
            return 64;
        }

        // A process started from a non-interactive shell's background job, or from some test hosts, inherits
        // an ignored SIGINT, and the runtime respects that. A terminal's Ctrl-C reaches a default disposition:
        // restore it so the signal tests see what a user's program sees.
        if (OperatingSystem.IsLinux())
        {
            _ = signal(SigInt, SigDfl);
        }

        SqliteStoreProvider.Register();
        var options = new RunOptions
        {
            StoreUri = "sqlite:" + args[1],
            Experiment = "child",
            Name = args[0],
            AttachToEnvironment = false,
        };
        return args[0] switch
        {
            "unhandled" => Unhandled(options),
            "unhandled-async" => UnhandledAsync(options).GetAwaiter().GetResult(),
            "unhandled-rethrow" => UnhandledRethrow(options),
            "wait" => Wait(options),
            "return" => Return(options, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0),
            "stream" => Stream(options with { FlushInterval = TimeSpan.FromHours(1) }),
            "train" => Train(options with { StoreUri = null, AttachToEnvironment = true, Name = null }, args.Length > 2 && args[2] == "seeded"),
            "put-hang" => PutHang(args[1]),
            "write" => Write(options, int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture)),
            _ => Usage(args[0]),
        };
    }

    /// <summary>
    /// Starts writing an object into the object folder <paramref name="objectsFolder"/> and stops mid-write
    /// (prints "ready" once 2 MiB are in the temporary file), so the test can kill it there.
    /// </summary>
    private static int PutHang(string objectsFolder)
    {
        new Repro.Artifacts.ObjectStore(objectsFolder).Put(new StallingStream(2, Lifetime));
        return 0;
    }

    private static int Usage(string mode)
    {
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 64;
    }

    /// <summary>Throws out of Main while the run is in a using scope, as a crashing training script does.</summary>
    private static int Unhandled(RunOptions options)
    {
        using var run = Run.Start(options);
        run.LogParam("mode", "unhandled");
        run.LogMetric("loss", 0.5, 1);
        Console.WriteLine($"ready {run.Id}");
        throw new InvalidOperationException("the child failed on purpose");
    }

    /// <summary>
    /// Throws inside an async method, as <c>async Task Main</c> does: the async machinery runs the using
    /// scope's Dispose while the exception travels to the caller, before it becomes unhandled.
    /// </summary>
    private static async Task<int> UnhandledAsync(RunOptions options)
    {
        using var run = Run.Start(options);
        run.LogMetric("loss", 0.5, 1);
        await Task.Yield();
        Console.WriteLine($"ready {run.Id}");
        throw new InvalidOperationException("the async child failed on purpose");
    }

    /// <summary>Catches, reports and rethrows outside the using scope, which therefore disposes the run first.</summary>
    private static int UnhandledRethrow(RunOptions options)
    {
        try
        {
            using var run = Run.Start(options);
            Console.WriteLine($"ready {run.Id}");
            throw new InvalidOperationException("the child failed and rethrew on purpose");
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"training failed: {ex.Message}");
            throw;
        }
    }

    /// <summary>Logs slowly until a signal ends the process.</summary>
    private static int Wait(RunOptions options)
    {
        using var run = Run.Start(options);
        run.LogParam("mode", "wait");
        run.LogMetric("loss", 1.0, 0);
        run.Flush();
        Console.WriteLine($"ready {run.Id}");
        var started = TimeProvider.System.GetTimestamp();
        var step = 1L;
        while (TimeProvider.System.GetElapsedTime(started) < Lifetime)
        {
            run.LogMetric("loss", 1.0 / step, step);
            step++;
            Thread.Sleep(10);
        }

        Console.Error.WriteLine("no signal came; giving up");
        return 3;
    }

    /// <summary>Returns from Main with an exit code, never disposing the run.</summary>
    private static int Return(RunOptions options, int exitCode)
    {
        var run = Run.Start(options);
        run.LogParam("mode", "return");
        run.LogMetric("loss", 0.25, 7);
        Console.WriteLine($"ready {run.Id}");
        return exitCode;
    }

    /// <summary>Logs continuously and flushes explicitly, printing the total flushed after each flush, until killed.</summary>
    private static int Stream(RunOptions options)
    {
        var run = Run.Start(options);
        Console.WriteLine($"ready {run.Id}");
        var started = TimeProvider.System.GetTimestamp();
        var logged = 0L;
        while (TimeProvider.System.GetElapsedTime(started) < Lifetime)
        {
            for (var i = 0; i < 500; i++)
            {
                run.LogMetric("loss", logged * 0.5, logged);
                logged++;
            }

            run.Flush();
            Console.WriteLine($"flushed {logged}");
            // Keep logging after the flush, so a kill usually lands between flushes with points in memory.
            for (var i = 0; i < 100; i++)
            {
                run.LogMetric("loss", logged * 0.5, logged);
                logged++;
            }

            Thread.Sleep(5);
        }

        Console.Error.WriteLine("no kill came; giving up");
        return 3;
    }

    /// <summary>
    /// A tiny "training" under <c>repro run</c> (attached through REPRO_RUN_ID): five loss values drawn from
    /// the run's seed (<paramref name="seeded"/>) or from the OS generator, which no replay can repeat.
    /// </summary>
    private static int Train(RunOptions options, bool seeded)
    {
        using var run = Run.Start(options);
        var stream = new Repro.Randomness.RandomStream(run.Seed, "train");
        for (var step = 1; step <= 5; step++)
        {
            var noise = seeded ? stream.NextDouble() : System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
            run.LogMetric("loss", 1.0 / step + noise, step);
        }

        return 0;
    }

    /// <summary>Logs <paramref name="points"/> points over <paramref name="flushes"/> explicit flushes, with params and tags.</summary>
    private static int Write(RunOptions options, int points, int flushes)
    {
        using var run = Run.Start(options);
        run.LogParam("pid", Environment.ProcessId);
        run.LogParam("points", points);
        run.SetTag("writer", "child");
        var perFlush = points / flushes;
        for (var i = 0; i < points; i++)
        {
            run.LogMetric("step_value", i, i);
            if (i % 2 == 0)
            {
                run.LogMetric("even", i * 0.5, i);
            }

            if ((i + 1) % perFlush == 0)
            {
                run.Flush();
                run.SetTag("progress", (i + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        Console.WriteLine($"done {run.Id}");
        return 0;
    }

    private const int SigInt = 2;
    private static readonly IntPtr SigDfl = IntPtr.Zero;

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signum, IntPtr handler);
}
