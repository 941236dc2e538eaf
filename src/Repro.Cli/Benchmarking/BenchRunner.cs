using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Repro.Cli.Running;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Benchmarking;

/// <summary>
/// Runs a command W times to warm up and N times measured, and records the measured times as one run.
/// The command's stdout and stderr are captured quietly and dropped once a run succeeds; when one fails,
/// its stderr is kept as the bench run's text "stderr" and its last line shown. Each run prints one
/// progress line on stderr.
/// </summary>
internal sealed class BenchRunner(CliEnvironment environment)
{
    private static readonly TimeSpan ExitPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PipeDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();

    /// <summary>Benchmarks the command; returns the run and its measured wall and CPU seconds.</summary>
    /// <exception cref="BenchFailedException">A run of the command failed; the bench run ended FAILED (as for any other error).</exception>
    public BenchOutcome Execute(IRunStore store, BenchRequest request)
    {
        using var signals = SignalForwarder.Register(Say, environment.Time);
        var run = Run.Start(new RunOptions
        {
            Store = store,
            AttachToEnvironment = false,
            HandleProcessEvents = false,
            CaptureEnvironment = false,
            Experiment = request.Experiment,
            Name = request.Name,
            TimeProvider = environment.Time,
        });
        try
        {
            var command = RunArguments.CommandTag(request.Command);
            var tags = new List<KeyValuePair<string, string>>
            {
                new(BenchKeys.Tag, "1"),
                new(SystemTags.Command, command),
                new(SystemTags.NotReplayable, "it is a repro bench run: measure again with repro bench"),
            };
            if (request.Baseline is { } baseline)
            {
                tags.Add(new(BenchKeys.BaselineTag, baseline.Value));
            }

            store.WriteBatch(run.Id, new RunBatch(
                [],
                [
                    new("command", command),
                    new("runs", request.Runs.ToString(CultureInfo.InvariantCulture)),
                    new("warmup", request.Warmup.ToString(CultureInfo.InvariantCulture)),
                ],
                tags));
            // The same environment the measured runs get: this process's own.
            CommandManifest.Record(environment, store, run, request.Command, "repro bench", new ProcessStartInfo().Environment, Say);
            Say($"bench run {run.Id.Value[..8]} started: {request.Warmup} warm-up and {request.Runs} measured runs of {string.Join(' ', request.Command)}");

            var wall = new List<double>();
            var cpu = new List<double>();
            for (var i = 0; i < request.Warmup + request.Runs; i++)
            {
                var warmup = i < request.Warmup;
                var label = warmup ? $"warm-up {i + 1}/{request.Warmup}" : $"run {i - request.Warmup + 1}/{request.Runs}";
                var measured = RunOnce(request, signals, label);
                if (signals.Received is { } signal)
                {
                    run.End(RunStatus.Killed, $"Received {signal} during {label}");
                    return new BenchOutcome(run.Id, RunStatus.Killed, 128 + PosixProcess.Number(signal), wall, cpu);
                }

                if (measured.ExitCode != 0)
                {
                    store.PutRunText(run.Id, "stderr", measured.Stderr);
                    var reason = $"the command exited with code {measured.ExitCode} on {label}";
                    var lastLine = measured.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
                    throw new BenchFailedException(
                        $"{reason}; bench run {run.Id.Value[..8]} FAILED" + (lastLine is null ? "." : $". Its last stderr line: {TrackingLimits.Shorten(lastLine)}"));
                }

                if (warmup)
                {
                    Say($"{label}: {Seconds(measured.WallSeconds)}");
                    continue;
                }

                var step = i - request.Warmup;
                wall.Add(measured.WallSeconds);
                run.LogMetric(BenchKeys.WallSeconds, measured.WallSeconds, step);
                if (measured.CpuSeconds is { } cpuSeconds)
                {
                    cpu.Add(cpuSeconds);
                    run.LogMetric(BenchKeys.CpuSeconds, cpuSeconds, step);
                }

                Say($"{label}: {Seconds(measured.WallSeconds)}" + (measured.CpuSeconds is { } c ? $" (cpu {Seconds(c)})" : string.Empty));
            }

            run.End(RunStatus.Finished);
            return new BenchOutcome(run.Id, RunStatus.Finished, 0, wall, cpu);
        }
        catch (Exception ex)
        {
            try
            {
                run.End(RunStatus.Failed, ex is BenchFailedException ? ex.Message : $"repro bench failed: {ex.Message}");
            }
            catch (ReproException)
            {
                // The store is failing too; the original error says more.
            }

            throw;
        }
    }

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0000} s");

    private Measurement RunOnce(BenchRequest request, SignalForwarder signals, string label)
    {
        var info = new ProcessStartInfo(request.ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = environment.CurrentDirectory,
        };
        foreach (var argument in request.Command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var cpuBefore = ChildCpuTime.Seconds();
        var clock = Stopwatch.StartNew();
        Process child;
        try
        {
            child = Process.Start(info) ?? throw new BenchFailedException($"Could not start '{request.Command[0]}' ({label}).");
        }
        catch (Win32Exception ex)
        {
            throw new BenchFailedException($"Could not start '{request.Command[0]}' ({label}): {ex.Message}.");
        }

        using (child)
        {
            signals.Attach(child);
            var stdout = new StreamTee(child.StandardOutput.BaseStream, TextWriter.Null, _gate, "stdout");
            var stderr = new StreamTee(child.StandardError.BaseStream, TextWriter.Null, _gate, "stderr");
            stdout.Start();
            stderr.Start();
            while (!child.WaitForExit(ExitPollInterval))
            {
                signals.EnforceGracePeriod();
            }

            clock.Stop();
            var cpuAfter = ChildCpuTime.Seconds();
            if (!stdout.Wait(PipeDrainTimeout) | !stderr.Wait(PipeDrainTimeout))
            {
                Say($"{label}: the command exited, but a process it started still holds its output open.");
            }

            var cpu = cpuBefore is { } before && cpuAfter is { } after ? Math.Max(0, after - before) : (double?)null;
            return new Measurement(child.ExitCode, clock.Elapsed.TotalSeconds, cpu, child.ExitCode == 0 ? string.Empty : stderr.Captured.ToString());
        }
    }

    private void Say(string line)
    {
        lock (_gate)
        {
            environment.Error.WriteLine($"repro: {line}");
            environment.Error.Flush();
        }
    }

    private sealed record Measurement(int ExitCode, double WallSeconds, double? CpuSeconds, string Stderr);
}
