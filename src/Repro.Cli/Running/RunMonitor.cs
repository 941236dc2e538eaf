using System.Diagnostics;
using Repro.Profiling;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Watches a wrapped command's whole process tree while its run lasts: samples it (and the machine and
/// its GPUs) into the run's <c>system/</c> metrics, enforces <c>--max-memory</c> and <c>--max-time</c>, stops
/// the tree when asked, and measures the run's profile when it ends.
/// </summary>
/// <remarks>
/// The tree is found through parent links and through the run's marker in each process's environment
/// (<c>REPRO_RUN_ID</c>), so a process whose parent exited is still measured, counted against the
/// budget, and stopped. The run's CPU time is the larger of the tree's sampled CPU and what the kernel
/// reports for this process's waited-for children (getrusage); its peak memory the larger of the tree's
/// sampled peak and the largest such child's peak: both are lower bounds, and the second catches what
/// happened between samples.
/// </remarks>
internal sealed class RunMonitor : IDisposable
{
    /// <summary>How long the tree may take to stop after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private readonly ProcessTree _tree;
    private readonly SystemSampler _sampler;
    private readonly ResourceBudget _budget;
    private readonly TimeProvider _time;
    private readonly Action<string> _say;
    private readonly Action<string, string> _tag;
    private readonly long _started;
    private readonly (double User, double System, long MaxRssBytes)? _childrenAtStart;
    private readonly HashSet<string> _warned = [];
    private readonly SamplerOptions _options;
    private long _lastMemoryCheck;

    public RunMonitor(Process child, Run run, ResourceBudget budget, SamplerOptions options, NvmlOpener openNvml, TimeProvider time, Action<string> say, Action<string, string> tag)
    {
        _budget = budget;
        _time = time;
        _say = say;
        _tag = tag;
        _options = options;
        _started = time.GetTimestamp();
        _childrenAtStart = ProcessClock.Children();
        _tree = new ProcessTree(child.Id, ProcFs.EnvironmentEntry(RunEnvironment.RunId, run.Id.Value), followDescendants: true);
        var probes = new List<ISampleProbe>();
        if (ProcFs.Available)
        {
            probes.Add(new ProcessTreeProbe(_tree, time));
            probes.Add(new MachineProbe());
        }

        probes.Add(new GpuProbe(openNvml));
        _sampler = new SystemSampler(probes, options, time, points => LogPoints(run, points), say);
        if (options.Enabled)
        {
            _sampler.Start();
        }
    }

    /// <summary>Which limit was exceeded ("max-memory" or "max-time"), or null.</summary>
    public string? Exceeded { get; private set; }

    /// <summary>Why the run was stopped, in words, or null.</summary>
    public string? ExceededReason { get; private set; }

    /// <summary>Checks the budgets; when one is exceeded, stops the tree. Call while waiting for the command.</summary>
    public void Check()
    {
        if (Exceeded is not null || !_budget.Any)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(_started);
        if (_budget.MaxTime is { } maxTime)
        {
            if (elapsed >= maxTime)
            {
                Stop("max-time", $"Exceeded --max-time {CliFormat.Duration((long)maxTime.TotalMilliseconds)}: the run took {CliFormat.Duration((long)elapsed.TotalMilliseconds)}");
                return;
            }

            Warn("max-time", elapsed.TotalSeconds / maxTime.TotalSeconds,
                $"the run has taken {CliFormat.Duration((long)elapsed.TotalMilliseconds)}, {100 * elapsed.TotalSeconds / maxTime.TotalSeconds:0}% of --max-time {CliFormat.Duration((long)maxTime.TotalMilliseconds)}");
        }

        if (_budget.MaxMemoryBytes is { } maxMemory && ProcFs.Available && _time.GetElapsedTime(_lastMemoryCheck).TotalMilliseconds >= 100)
        {
            _lastMemoryCheck = _time.GetTimestamp();
            var rss = _tree.Refresh().RssBytes;
            if (rss > maxMemory)
            {
                Stop("max-memory", $"Exceeded --max-memory {ResourceBudget.FormatBytes(maxMemory)}: the command's processes used {ResourceBudget.FormatBytes(rss)}");
                return;
            }

            Warn("max-memory", (double)rss / maxMemory,
                $"the command's processes use {ResourceBudget.FormatBytes(rss)}, {100.0 * rss / maxMemory:0}% of --max-memory {ResourceBudget.FormatBytes(maxMemory)}");
        }
    }

    /// <summary>
    /// After the command itself exited: waits while processes it started are still running (they are
    /// still measured and held to the budget), stopping them when <paramref name="stopRequested"/> says so.
    /// </summary>
    public void WaitForDescendants(Func<bool> stopRequested)
    {
        if (!ProcFs.Available)
        {
            return;
        }

        var reported = false;
        while (LiveMembers().Count > 0)
        {
            if (!reported)
            {
                reported = true;
                var pids = string.Join(", ", LiveMembers().Select(m => m.Pid));
                _say($"the command exited, but processes it started are still running (pid {pids}); the run lasts until they exit. Ctrl-C stops them.");
            }

            if (stopRequested())
            {
                StopTree();
                return;
            }

            Check();
            Thread.Sleep(200);
        }
    }

    /// <summary>Sends SIGTERM to every process of the tree, waits up to <see cref="StopGracePeriod"/>, then SIGKILLs what is left.</summary>
    public void StopTree()
    {
        Signal(PosixProcess.SigTerm);
        var deadline = _time.GetTimestamp();
        while (LiveMembers().Count > 0 && _time.GetElapsedTime(deadline) < StopGracePeriod)
        {
            Thread.Sleep(50);
        }

        if (LiveMembers().Count > 0)
        {
            Signal(PosixProcess.SigKill);
        }
    }

    /// <summary>Stops sampling (logging the last window) and measures the run's profile.</summary>
    public RunProfile Finish(IReadOnlyList<PhaseRecord> phases, long droppedPhases)
    {
        _sampler.Stop();
        var reading = ProcFs.Available ? _tree.Refresh() : null;
        var wall = _time.GetElapsedTime(_started).TotalSeconds;
        var (user, system, peak) = (reading?.UserSeconds ?? 0, reading?.SystemSeconds ?? 0, reading?.PeakBytes ?? 0);
        if (ProcessClock.Children() is { } now && _childrenAtStart is { } before)
        {
            // Everything this process waited for since the command started: the command and the children it waited for.
            user = Math.Max(user, now.User - before.User);
            system = Math.Max(system, now.System - before.System);
            if (now.MaxRssBytes > before.MaxRssBytes)
            {
                peak = Math.Max(peak, now.MaxRssBytes);
            }
        }

        var run = new PhaseRecord("run", "run", 0, 0, wall, user, system, 0, 0, 0, 0, 0, peak);
        var sampler = _options.Enabled
            ? new SamplerProfile(_options.Interval.TotalSeconds, _options.SamplesPerWindow, _sampler.CpuSeconds, _sampler.Summaries())
            : null;
        return new RunProfile(RunProfile.CurrentVersion, "repro run", run, phases, droppedPhases, sampler);
    }

    public void Dispose() => _sampler.Dispose();

    private static void LogPoints(Run run, IReadOnlyList<MetricPoint> points)
    {
        foreach (var point in points)
        {
            run.LogMetric(point.Key, point.Value, point.Step, point.TimestampMs);
        }
    }

    private void Warn(string limit, double fraction, string message)
    {
        if (fraction >= ResourceBudget.WarnFraction && _warned.Add(limit))
        {
            _say($"warning: {message}.");
            _tag($"{ProfilingTags.BudgetWarning}.{limit.Replace('-', '_')}", message);
        }
    }

    private void Stop(string limit, string reason)
    {
        Exceeded = limit;
        ExceededReason = reason;
        _say($"{reason}; stopping the command and every process it started.");
        StopTree();
    }

    private List<(int Pid, long StartTicks)> LiveMembers()
    {
        _tree.Refresh();
        return [.. _tree.Members().Where(m => ProcFs.ReadStat(m.Pid) is { State: not 'Z' } stat && stat.StartTicks == m.StartTicks)];
    }

    private void Signal(int signal)
    {
        if (!ProcFs.Available)
        {
            return;
        }

        _tree.Refresh();
        foreach (var (pid, startTicks) in _tree.Members())
        {
            // Checked just before signalling, so a pid reused by another process is left alone.
            if (ProcFs.ReadStat(pid) is { } stat && stat.StartTicks == startTicks)
            {
                PosixProcess.SendSignal(pid, signal);
            }
        }
    }
}
