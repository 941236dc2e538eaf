using System.Globalization;

namespace Repro.Profiling;

/// <summary>
/// The metric keys the system sampler logs. They follow MLflow's system metrics (the <c>system/</c>
/// prefix, <c>_percentage</c>, <c>_megabytes</c> with 1 MB = 10^6 bytes, <c>gpu_N_...</c>), so runs read
/// the same in MLflow's UI; keys MLflow lacks are named the same way.
/// </summary>
/// <remarks>
/// Each gauge is logged once per window as its mean over the window's samples, and again as
/// <c>KEY_max</c> (<see cref="MaxSuffix"/>) with the window's highest sample, so a short peak is never
/// averaged away. Running totals (disk bytes, GPU energy, peak resident memory) are logged as their
/// value at the window's end only. The step of a point is the window's number, from 0.
/// </remarks>
public static class SystemMetrics
{
    /// <summary>The suffix of the key that holds a gauge's highest sample in each window.</summary>
    public const string MaxSuffix = "_max";

    /// <summary>The prefix of every system metric.</summary>
    public const string Prefix = "system/";

    /// <summary>The machine's CPU use over all cores, 0 to 100 (as MLflow's).</summary>
    public const string CpuUtilization = "system/cpu_utilization_percentage";

    /// <summary>The machine's used memory (total minus available), in MB (as MLflow's).</summary>
    public const string SystemMemoryUsage = "system/system_memory_usage_megabytes";

    /// <summary>The machine's used memory as a percentage of its total (as MLflow's).</summary>
    public const string SystemMemoryPercentage = "system/system_memory_usage_percentage";

    /// <summary>CPU use of the run's processes, where 100 is one core busy (as MLflow's process monitor).</summary>
    public const string ProcessCpu = "system/process_cpu_percentage";

    /// <summary>Resident memory of the run's processes, summed, in MB (as MLflow's process monitor).</summary>
    public const string ProcessRss = "system/process_memory_rss_megabytes";

    /// <summary>The peak resident memory of the run's processes so far (VmHWM; a running total), in MB.</summary>
    public const string ProcessPeakRss = "system/process_memory_peak_rss_megabytes";

    /// <summary>Threads of the run's processes, summed (as MLflow's process monitor).</summary>
    public const string ProcessThreads = "system/process_threads";

    /// <summary>Bytes the run's processes read from storage since the run started (a running total), in MB.</summary>
    public const string ProcessDiskRead = "system/process_disk_read_megabytes";

    /// <summary>Bytes the run's processes wrote to storage since the run started (a running total), in MB.</summary>
    public const string ProcessDiskWrite = "system/process_disk_write_megabytes";

    /// <summary>The .NET GC heap of the process that tracks the run, in MB.</summary>
    public const string GcHeap = "system/gc_heap_megabytes";

    /// <summary>The key of a per-GPU metric, such as <c>system/gpu_0_utilization_percentage</c>.</summary>
    /// <param name="index">The GPU's NVML index.</param>
    /// <param name="name">One of utilization_percentage, memory_usage_megabytes, memory_usage_percentage, memory_total_megabytes, power_usage_watts, temperature_celsius, energy_joules.</param>
    public static string Gpu(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"system/gpu_{index}_{name}");
}
