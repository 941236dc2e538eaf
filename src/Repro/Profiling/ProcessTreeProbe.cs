namespace Repro.Profiling;

/// <summary>CPU, memory, threads and disk I/O of a run's processes (a <see cref="ProcessTree"/>).</summary>
internal sealed class ProcessTreeProbe : ISampleProbe
{
    private const double Megabyte = 1e6;
    private readonly ProcessTree _tree;
    private readonly TimeProvider _time;
    private readonly TreeReading _baseline;
    private TreeReading _last;
    private long _lastAt;

    public ProcessTreeProbe(ProcessTree tree, TimeProvider time)
    {
        _tree = tree;
        _time = time;
        _baseline = tree.Refresh();
        _last = _baseline;
        _lastAt = time.GetTimestamp();
    }

    public string Name => "process";

    /// <summary>The tree's reading at the last sample.</summary>
    public TreeReading Last => _last;

    /// <summary>The tree's reading when the probe was created.</summary>
    public TreeReading Baseline => _baseline;

    public void Read(SampleReadings readings)
    {
        var now = _time.GetTimestamp();
        var reading = _tree.Refresh();
        var elapsed = _time.GetElapsedTime(_lastAt, now).TotalSeconds;
        if (elapsed > 0)
        {
            readings.Gauge(SystemMetrics.ProcessCpu, 100 * (reading.CpuSeconds - _last.CpuSeconds) / elapsed);
        }

        readings.Gauge(SystemMetrics.ProcessRss, reading.RssBytes / Megabyte);
        readings.Total(SystemMetrics.ProcessPeakRss, reading.PeakBytes / Megabyte);
        readings.Gauge(SystemMetrics.ProcessThreads, reading.Threads);
        readings.Total(SystemMetrics.ProcessDiskRead, (reading.ReadBytes - _baseline.ReadBytes) / Megabyte);
        readings.Total(SystemMetrics.ProcessDiskWrite, (reading.WriteBytes - _baseline.WriteBytes) / Megabyte);
        readings.ProcessRssBytes = reading.RssBytes;
        _last = reading;
        _lastAt = now;
    }
}
