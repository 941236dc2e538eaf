using Repro.Profiling;
using Repro.Tracking;

namespace Repro.Tests.Profiling;

public sealed class SystemSamplerTests
{
    private static readonly SamplerOptions ThreePerWindow = new() { SamplesPerWindow = 3 };

    [Fact]
    public void A_window_is_logged_as_its_mean_and_its_maximum_so_a_peak_is_not_averaged_away()
    {
        var logged = new List<MetricPoint>();
        var probe = new SequenceProbe("memory", [1, 9, 2]);
        using var sampler = new SystemSampler([probe], ThreePerWindow, TimeProvider.System, logged.AddRange, _ => { });

        sampler.SampleOnce();
        sampler.SampleOnce();
        sampler.SampleOnce();

        Assert.Equal(4.0, Assert.Single(logged, p => p.Key == "system/memory").Value);
        Assert.Equal(9.0, Assert.Single(logged, p => p.Key == "system/memory_max").Value);
        Assert.Equal(0, logged[0].Step);
        Assert.Equal(3.0, Assert.Single(logged, p => p.Key == "system/total").Value);
    }

    [Fact]
    public void Stopping_logs_the_last_partial_window_with_the_next_step()
    {
        var logged = new List<MetricPoint>();
        var sampler = new SystemSampler([new SequenceProbe("memory", [1, 2, 3, 10])], ThreePerWindow, TimeProvider.System, logged.AddRange, _ => { });
        for (var i = 0; i < 4; i++)
        {
            sampler.SampleOnce();
        }

        sampler.Dispose();

        var last = logged.Where(p => p.Key == "system/memory_max").ToList();
        Assert.Equal([(0L, 3.0), (1L, 10.0)], last.Select(p => (p.Step, p.Value)));
        Assert.Equal(10.0, Assert.Single(sampler.Summaries(), s => s.Key == "system/memory").Max);
    }

    [Fact]
    public void A_failing_probe_is_reported_once_and_switched_off_while_the_others_go_on()
    {
        var reports = new List<string>();
        var logged = new List<MetricPoint>();
        var nvml = new FakeNvml(new GpuReading(50, 1, 2, null, null, null));
        using var sampler = new SystemSampler([new GpuProbe(nvml.Opener), new SequenceProbe("memory", [1, 1, 1])], ThreePerWindow, TimeProvider.System, logged.AddRange, reports.Add);
        sampler.SampleOnce();
        nvml.FailWith = "nvmlDeviceGetUtilizationRates failed: GPU is lost (15)";

        sampler.SampleOnce();
        sampler.SampleOnce();

        var report = Assert.Single(reports);
        Assert.Equal("system metrics: the gpu probe failed (nvmlDeviceGetUtilizationRates failed: GPU is lost (15)); it is switched off for this run.", report);
        Assert.Equal(1.0, Assert.Single(logged, p => p.Key == "system/memory").Value);
    }

    [Fact]
    public void Gpu_metrics_follow_mlflow_names_and_energy_counts_from_the_first_sample()
    {
        var logged = new List<MetricPoint>();
        var nvml = new FakeNvml(new GpuReading(40, 2_000_000_000, 8_000_000_000, 150_000, 61, 5_000_000));
        var sampler = new SystemSampler([new GpuProbe(nvml.Opener)], new SamplerOptions { SamplesPerWindow = 2 }, TimeProvider.System, logged.AddRange, _ => { });
        sampler.SampleOnce();
        nvml.Gpus[0] = new GpuReading(80, 4_000_000_000, 8_000_000_000, null, 63, 5_300_000);

        sampler.SampleOnce();
        sampler.Dispose();

        var values = logged.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(60, values["system/gpu_0_utilization_percentage"]);
        Assert.Equal(80, values["system/gpu_0_utilization_percentage_max"]);
        Assert.Equal(3000, values["system/gpu_0_memory_usage_megabytes"]);
        Assert.Equal(8000, values["system/gpu_0_memory_total_megabytes"]);
        Assert.Equal(37.5, values["system/gpu_0_memory_usage_percentage"]);
        Assert.Equal(150, values["system/gpu_0_power_usage_watts"]);
        Assert.Equal(62, values["system/gpu_0_temperature_celsius"]);
        Assert.Equal(300, values["system/gpu_0_energy_joules"]);
        Assert.True(nvml.Disposed);
    }

    [Fact]
    public void Without_nvml_the_gpu_probe_reads_nothing_and_reports_nothing()
    {
        var reports = new List<string>();
        var logged = new List<MetricPoint>();
        var sampler = new SystemSampler([new GpuProbe(FakeNvml.Absent("not installed"))], ThreePerWindow, TimeProvider.System, logged.AddRange, reports.Add);

        sampler.SampleOnce();
        sampler.Dispose();

        Assert.Empty(logged);
        Assert.Empty(reports);
    }

    [Fact]
    public void Sampling_this_process_reads_its_cpu_memory_and_threads()
    {
        var logged = new List<MetricPoint>();
        var probe = new ProcessTreeProbe(new ProcessTree(Environment.ProcessId, marker: null, followDescendants: false), TimeProvider.System);
        var sampler = new SystemSampler([probe, new MachineProbe(), new GcProbe()], new SamplerOptions { SamplesPerWindow = 1 }, TimeProvider.System, logged.AddRange, _ => { });

        sampler.SampleOnce();
        sampler.Dispose();

        var values = logged.ToDictionary(p => p.Key, p => p.Value);
        Assert.InRange(values[SystemMetrics.ProcessRss], 1, 1e6);
        Assert.True(values[SystemMetrics.ProcessPeakRss] >= values[SystemMetrics.ProcessRss]);
        Assert.True(values[SystemMetrics.ProcessThreads] >= 1);
        Assert.True(values.ContainsKey(SystemMetrics.ProcessCpu));
        Assert.True(values.ContainsKey(SystemMetrics.SystemMemoryUsage));
        Assert.True(values.ContainsKey(SystemMetrics.GcHeap));
    }

    /// <summary>Reads the next of a set of values as a gauge "system/NAME", and the sample count as a running total "system/total".</summary>
    private sealed class SequenceProbe(string name, double[] values) : ISampleProbe
    {
        private int _next;

        public string Name => name;

        public void Read(SampleReadings readings)
        {
            readings.Gauge($"system/{name}", values[_next++ % values.Length]);
            readings.Total("system/total", _next);
        }
    }
}
