namespace Repro.Profiling;

/// <summary>One GPU at one moment, as NVML reports it.</summary>
/// <param name="UtilizationPercent">How much of the last sample period a kernel ran, 0 to 100.</param>
/// <param name="MemoryUsedBytes">Device memory in use, in bytes.</param>
/// <param name="MemoryTotalBytes">Device memory in all, in bytes.</param>
/// <param name="PowerMilliwatts">Power draw in milliwatts, or null when not supported.</param>
/// <param name="TemperatureCelsius">Core temperature in degrees Celsius, or null when not supported.</param>
/// <param name="EnergyMillijoules">Energy used since the driver loaded, in millijoules, or null when not supported (before Volta).</param>
internal readonly record struct GpuReading(
    uint UtilizationPercent, ulong MemoryUsedBytes, ulong MemoryTotalBytes, uint? PowerMilliwatts, uint? TemperatureCelsius, ulong? EnergyMillijoules);
