namespace Repro.Profiling;

/// <summary>The .NET GC heap of this process (and its resident memory for open phases, when no process probe read it).</summary>
internal sealed class GcProbe : ISampleProbe
{
    public string Name => "gc";

    public void Read(SampleReadings readings)
    {
        readings.Gauge(SystemMetrics.GcHeap, GC.GetTotalMemory(forceFullCollection: false) / 1e6);
        readings.ProcessRssBytes ??= ProcFs.Available ? ProcFs.ReadStatusBytes(Environment.ProcessId, "VmRSS") : Environment.WorkingSet;
    }
}
