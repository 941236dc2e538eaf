using System.Text.Json;
using Repro.Profiling;
using Repro.Tracking;

namespace Repro.Tests.Profiling;

public sealed class ChromeTraceTests
{
    [Fact]
    public void Phases_are_complete_events_and_sampled_series_are_counters_in_microseconds()
    {
        var profile = new RunProfile(
            1,
            "library",
            new PhaseRecord("run", "run", 0, 0, 3.0, 2.0, 0.1, 0, 0, 0, 0, 0, 1000),
            [new PhaseRecord("train", "train", 0, 0.5, 2.0, 1.5, 0.1, 10, 0, 0, 0, 0, 900)],
            0,
            null);
        var series = new Dictionary<string, IReadOnlyList<MetricPoint>>
        {
            [SystemMetrics.ProcessCpu] = [new MetricPoint(SystemMetrics.ProcessCpu, 95.5, 0, 1_700_000_001_000)],
        };
        using var stream = new MemoryStream();

        ChromeTrace.Write(stream, "abc", "demo", 1_700_000_000_000, profile, series);

        using var json = JsonDocument.Parse(stream.ToArray());
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var train = events.Single(e => e.GetProperty("name").GetString() == "train");
        Assert.Equal("X", train.GetProperty("ph").GetString());
        Assert.Equal(500_000, train.GetProperty("ts").GetDouble());
        Assert.Equal(2_000_000, train.GetProperty("dur").GetDouble());
        Assert.Equal(1.5, train.GetProperty("args").GetProperty("cpu_user_seconds").GetDouble());
        var counter = events.Single(e => e.GetProperty("ph").GetString() == "C");
        Assert.Equal("process_cpu_percentage", counter.GetProperty("name").GetString());
        Assert.Equal(1_000_000, counter.GetProperty("ts").GetInt64());
        Assert.Equal(95.5, counter.GetProperty("args").GetProperty("value").GetDouble());
        Assert.Single(events, e => e.GetProperty("ph").GetString() == "M");
    }
}
