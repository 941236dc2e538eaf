using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Repro.Cli;

namespace Repro.Benchmarks;

/// <summary>
/// <c>profiling-accuracy</c>: the peak resident memory and CPU time <c>repro run</c> records for a
/// Python program that allocates and touches 300 MB and spins 2 s of CPU, next to what
/// <c>/usr/bin/time -v</c> reports for the same program ("Maximum resident set size", "User time",
/// "System time"). Needs python3 and GNU time (<c>apt-get install -y time</c>).
/// </summary>
internal static class ProfilingAccuracy
{
    private const string Program = """
        import time
        b = bytearray(300 * 1000 * 1000)
        for i in range(0, len(b), 4096):
            b[i] = 1
        t = time.process_time()
        while time.process_time() - t < 2:
            pass
        """;

    public static int Run(string[] args)
    {
        var repeat = IngestComparison.Option(args, "--repeat", 3);
        using var folder = new TempFolder("repro-accuracy-");
        var script = folder.File("alloc.py");
        File.WriteAllText(script, Program);
        var init = CliApp.Run(["init"], Environment(folder.Path));
        if (init != 0)
        {
            return init;
        }

        for (var i = 0; i < repeat; i++)
        {
            var (timePeak, timeCpu) = WithGnuTime(script);
            using var output = new StringWriter();
            var exit = CliApp.Run(["run", "--json", "--", "python3", script], Environment(folder.Path, output));
            var runId = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("run_id").GetString()!;
            using var profileOut = new StringWriter();
            CliApp.Run(["profile", runId, "--json"], Environment(folder.Path, profileOut));
            var run = JsonDocument.Parse(profileOut.ToString()).RootElement.GetProperty("run");
            var peak = run.GetProperty("peak_rss_bytes").GetInt64();
            var cpu = run.GetProperty("cpu_user_seconds").GetDouble() + run.GetProperty("cpu_system_seconds").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"#{i + 1} (exit {exit}): peak RSS repro {peak / 1e6:F1} MB vs time -v {timePeak / 1e6:F1} MB ({((double)peak / timePeak - 1) * 100:+0.00;-0.00}%); CPU repro {cpu:F3} s vs time {timeCpu:F3} s ({(cpu / timeCpu - 1) * 100:+0.00;-0.00}%)"));
        }

        return 0;
    }

    private static CliEnvironment Environment(string folder, TextWriter? output = null) => new(
        output ?? TextWriter.Null, TextWriter.Null, false, System.Environment.GetEnvironmentVariable, folder, TimeProvider.System);

    private static (long PeakBytes, double CpuSeconds) WithGnuTime(string script)
    {
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-v", "python3", script })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var report = process.StandardError.ReadToEnd();
        process.WaitForExit();
        long peak = 0;
        double cpu = 0;
        foreach (var line in report.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("Maximum resident set size (kbytes):", StringComparison.Ordinal))
            {
                peak = long.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("User time (seconds):", StringComparison.Ordinal) || line.StartsWith("System time (seconds):", StringComparison.Ordinal))
            {
                cpu += double.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (peak, cpu);
    }
}
