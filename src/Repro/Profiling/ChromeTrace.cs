using System.Text.Json;
using Repro.Tracking;

namespace Repro.Profiling;

/// <summary>
/// Writes a run's profile in the Chrome trace-event format (JSON object form), which Perfetto
/// (ui.perfetto.dev) and chrome://tracing open: the run and each phase as complete events ("X", nested
/// phases drawn inside their parents) and each sampled series as a counter track ("C").
/// </summary>
/// <remarks>Timestamps are microseconds after the run started.</remarks>
internal static class ChromeTrace
{
    private const int Pid = 1;
    private const int Tid = 1;

    /// <summary>Writes the trace.</summary>
    /// <param name="stream">Where to write (UTF-8 JSON).</param>
    /// <param name="runId">The run, named in the trace's metadata.</param>
    /// <param name="runName">The run's name, shown as the process name.</param>
    /// <param name="runStartMs">When the run started (Unix ms): counter points are placed relative to it.</param>
    /// <param name="profile">The run's profile.</param>
    /// <param name="series">The sampled series to draw as counters, by key, each in time order.</param>
    public static void Write(Stream stream, string runId, string runName, long runStartMs, RunProfile profile, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> series)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartObject("otherData");
        json.WriteString("run_id", runId);
        json.WriteString("source", profile.Source);
        json.WriteEndObject();
        json.WriteStartArray("traceEvents");

        json.WriteStartObject();
        json.WriteString("name", "process_name");
        json.WriteString("ph", "M");
        json.WriteNumber("pid", Pid);
        json.WriteStartObject("args");
        json.WriteString("name", $"run {runName}");
        json.WriteEndObject();
        json.WriteEndObject();

        Complete(json, profile.Run, "run");
        foreach (var phase in profile.Phases.OrderBy(p => p.StartSeconds).ThenBy(p => p.Depth))
        {
            Complete(json, phase, "phase");
        }

        foreach (var (key, points) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var name = key.StartsWith(SystemMetrics.Prefix, StringComparison.Ordinal) ? key[SystemMetrics.Prefix.Length..] : key;
            foreach (var point in points)
            {
                if (!double.IsFinite(point.Value))
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("ph", "C");
                json.WriteNumber("ts", Math.Max(0, point.TimestampMs - runStartMs) * 1000L);
                json.WriteNumber("pid", Pid);
                json.WriteStartObject("args");
                json.WriteNumber("value", point.Value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Complete(Utf8JsonWriter json, PhaseRecord phase, string category)
    {
        json.WriteStartObject();
        json.WriteString("name", phase.Name);
        json.WriteString("cat", category);
        json.WriteString("ph", "X");
        json.WriteNumber("ts", Math.Round(phase.StartSeconds * 1e6, 3));
        json.WriteNumber("dur", Math.Round(phase.WallSeconds * 1e6, 3));
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", Tid);
        json.WriteStartObject("args");
        json.WriteString("path", phase.Path);
        json.WriteNumber("cpu_user_seconds", phase.CpuUserSeconds);
        json.WriteNumber("cpu_system_seconds", phase.CpuSystemSeconds);
        json.WriteNumber("allocated_bytes", phase.AllocatedBytes);
        json.WriteNumber("gc_pause_seconds", phase.GcPauseSeconds);
        json.WriteNumber("peak_rss_bytes", phase.PeakRssBytes);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
