namespace Repro.Profiling;

/// <summary>
/// Per-GPU utilisation, memory, power, temperature and energy through NVML. NVML is opened on the first
/// sample, on the sampler's thread, so starting a run never waits for the driver; on a machine without
/// it the probe reads nothing and says nothing. Energy is counted from that first sample.
/// </summary>
internal sealed class GpuProbe : ISampleProbe, IDisposable
{
    private readonly NvmlOpener _open;
    private INvml? _nvml;
    private ulong?[] _startEnergy = [];
    private bool _opened;

    /// <param name="open">Opens NVML, or returns null when it is not installed.</param>
    public GpuProbe(NvmlOpener open) => _open = open;

    public string Name => "gpu";

    public void Read(SampleReadings readings)
    {
        if (!_opened)
        {
            _opened = true;
            _nvml = _open(out _);
            if (_nvml is not null)
            {
                _startEnergy = new ulong?[_nvml.DeviceCount];
                for (var i = 0; i < _startEnergy.Length; i++)
                {
                    _startEnergy[i] = _nvml.Read(i).EnergyMillijoules;
                }
            }
        }

        if (_nvml is null)
        {
            return;
        }

        for (var i = 0; i < _startEnergy.Length; i++)
        {
            var gpu = _nvml.Read(i);
            readings.Gauge(SystemMetrics.Gpu(i, "utilization_percentage"), gpu.UtilizationPercent);
            readings.Gauge(SystemMetrics.Gpu(i, "memory_usage_megabytes"), gpu.MemoryUsedBytes / 1e6);
            readings.Gauge(SystemMetrics.Gpu(i, "memory_total_megabytes"), gpu.MemoryTotalBytes / 1e6);
            if (gpu.MemoryTotalBytes > 0)
            {
                readings.Gauge(SystemMetrics.Gpu(i, "memory_usage_percentage"), 100.0 * gpu.MemoryUsedBytes / gpu.MemoryTotalBytes);
            }

            if (gpu.PowerMilliwatts is { } power)
            {
                readings.Gauge(SystemMetrics.Gpu(i, "power_usage_watts"), power / 1000.0);
            }

            if (gpu.TemperatureCelsius is { } temperature)
            {
                readings.Gauge(SystemMetrics.Gpu(i, "temperature_celsius"), temperature);
            }

            if (gpu.EnergyMillijoules is { } energy && _startEnergy[i] is { } start)
            {
                readings.Total(SystemMetrics.Gpu(i, "energy_joules"), (energy - start) / 1000.0);
            }
        }
    }

    public void Dispose() => _nvml?.Dispose();
}
