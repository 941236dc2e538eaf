using Repro.Tracking;

namespace Repro.Profiling;

/// <summary>
/// The profiling of a run tracked in this process: its phases, and (when on) the system sampler. A run
/// this process started samples itself, the machine and the GPUs; a run attached under <c>repro run</c>
/// samples only the GC heap, because <c>repro run</c> samples the whole process tree.
/// </summary>
internal sealed class RunProfiler
{
    private readonly SystemSampler? _sampler;
    private readonly SamplerOptions _options;
    private readonly bool _attached;
    private int _finished;

    public RunProfiler(RunInfo info, bool attached, SamplerOptions options, TimeProvider time, Action<IReadOnlyList<MetricPoint>> log, Action<string> report, NvmlOpener? openNvml = null)
    {
        _attached = attached;
        _options = options;
        Recorder = new ProfileRecorder(time, info.StartTimeMs);
        if (!options.Enabled)
        {
            return;
        }

        var probes = new List<ISampleProbe>();
        if (!attached && ProcFs.Available)
        {
            probes.Add(new ProcessTreeProbe(new ProcessTree(Environment.ProcessId, marker: null, followDescendants: false), time));
            probes.Add(new MachineProbe());
        }

        probes.Add(new GcProbe());
        if (!attached)
        {
            probes.Add(new GpuProbe(openNvml ?? NvmlLibrary.TryOpen));
        }

        _sampler = new SystemSampler(probes, options, time, log, report);
        _sampler.Observe(readings =>
        {
            if (readings.ProcessRssBytes is { } rss)
            {
                Recorder.ObserveRss(rss);
            }
        });
        _sampler.Start();
    }

    public ProfileRecorder Recorder { get; }

    /// <summary>Stops the sampler (logging its last window) and returns the run's profile and the run text to store it as; null after the first call.</summary>
    public (RunProfile Profile, string TextName)? Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return null;
        }

        _sampler?.Dispose();
        var sampledPeak = _sampler?.Summaries().FirstOrDefault(s => s.Key == SystemMetrics.ProcessRss) is { } rss ? (long)(rss.Max * 1e6) : 0;
        var run = Recorder.WholeRun(sampledPeak);
        var sampler = _sampler is null
            ? null
            : new SamplerProfile(_options.Interval.TotalSeconds, _options.SamplesPerWindow, _sampler.CpuSeconds, _sampler.Summaries());
        var profile = new RunProfile(RunProfile.CurrentVersion, _attached ? "library (attached)" : "library", run, Recorder.Records(), Recorder.DroppedPhases, sampler);
        return (profile, _attached ? RunProfile.AttachedTextName : RunProfile.TextName);
    }
}
