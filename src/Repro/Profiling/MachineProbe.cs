namespace Repro.Profiling;

/// <summary>The machine's CPU use over all cores and its used memory.</summary>
internal sealed class MachineProbe : ISampleProbe
{
    private (long Busy, long Total)? _lastCpu = ProcFs.ReadSystemCpu();

    public string Name => "machine";

    public void Read(SampleReadings readings)
    {
        var cpu = ProcFs.ReadSystemCpu() ?? throw new IOException("/proc/stat cannot be read");
        if (_lastCpu is { } last && cpu.Total > last.Total)
        {
            readings.Gauge(SystemMetrics.CpuUtilization, 100.0 * (cpu.Busy - last.Busy) / (cpu.Total - last.Total));
        }

        _lastCpu = cpu;
        var memory = ProcFs.ReadSystemMemory() ?? throw new IOException("/proc/meminfo cannot be read");
        readings.Gauge(SystemMetrics.SystemMemoryUsage, memory.Used / 1e6);
        readings.Gauge(SystemMetrics.SystemMemoryPercentage, 100.0 * memory.Used / memory.Total);
    }
}
