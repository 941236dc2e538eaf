using System.CommandLine;
using System.Globalization;
using Repro.Profiling;
using Repro.Tracking;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary><c>repro profile RUN [--trace FILE.json] [--json]</c>: where a run's time and memory went.</summary>
internal static class ProfileCommand
{
    private static readonly Argument<string> RunArgument = new("RUN") { Description = "The run: its full id or a unique prefix." };

    private static readonly Option<string?> Trace = new("--trace")
    {
        Description = "Also write the profile as a Chrome trace-event file (phases as spans, sampled series as counters) that ui.perfetto.dev and chrome://tracing open.",
        HelpName = "FILE.json",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command(
            "profile",
            "Show a run's profile: the whole run and each phase (wall time, CPU user and system time, allocation, GC, peak resident memory),\n"
            + "and charts of its sampled system/ series (each with its window maxima).");
        command.Arguments.Add(RunArgument);
        command.Options.Add(Trace);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));
        return command;
    }

    private static int Execute(CliContext context)
    {
        using var store = context.OpenStore();
        var run = store.GetRun(store.ResolveRun(context.Value(RunArgument)));
        var profile = RunProfile.Load(store, run.Id) ?? throw new ProfileNotFoundException(run.Status == RunStatus.Running
            ? $"Run {run.Id.Value[..8]} is still running; its profile is stored when it ends."
            : $"Run {run.Id.Value[..8]} has no profile (it was recorded before profiling existed, or its process died).");
        var keys = store.GetMetricKeys(run.Id).Where(k => k.StartsWith(SystemMetrics.Prefix, StringComparison.Ordinal)).ToList();
        var series = keys.ToDictionary(k => k, k => store.GetMetricHistory(run.Id, k), StringComparer.Ordinal);

        if (context.ParseResult.GetValue(Trace) is { } tracePath)
        {
            var full = Path.GetFullPath(tracePath, context.Environment.CurrentDirectory);
            var temporary = full + ".tmp";
            using (var stream = File.Create(temporary))
            {
                ChromeTrace.Write(stream, run.Id.Value, run.Name, run.StartTimeMs, profile, series.Where(s => !s.Key.EndsWith(SystemMetrics.MaxSuffix, StringComparison.Ordinal)).ToDictionary());
            }

            File.Move(temporary, full, overwrite: true);
            context.Error.WriteLine($"repro: wrote the trace to {full} (open it in ui.perfetto.dev or chrome://tracing).");
        }

        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                run_id = run.Id.Value,
                status = run.Status.ToName(),
                source = profile.Source,
                run = Json(profile.Run, 1),
                phases = PhaseTable.Aggregate(profile.Phases).Select(p => Json(p.Total, p.Count)),
                dropped_phases = profile.DroppedPhases,
                sampler = profile.Sampler is { } sampler
                    ? new
                    {
                        interval_seconds = sampler.IntervalSeconds,
                        samples_per_window = sampler.SamplesPerWindow,
                        sampler_cpu_seconds = sampler.SamplerCpuSeconds,
                        series = sampler.Series.Select(s => new { key = s.Key, samples = s.Samples, mean = s.Mean, max = s.Max, last = s.Last }),
                    }
                    : null,
            });
            return CliApp.Success;
        }

        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run.Id.Value[..8]} ({run.Status.ToName()}, {profile.Source}): {profile.Run.WallSeconds:0.000} s wall, {profile.Run.CpuUserSeconds:0.000} s user + {profile.Run.CpuSystemSeconds:0.000} s system CPU, peak RSS {profile.Run.PeakRssBytes / 1e6:0.0} MB"));
        WriteTable(context, profile);
        WriteCharts(context, series);
        return CliApp.Success;
    }

    private static object Json(PhaseRecord r, int count) => new
    {
        name = r.Name,
        path = r.Path,
        depth = r.Depth,
        count,
        start_seconds = r.StartSeconds,
        wall_seconds = r.WallSeconds,
        cpu_user_seconds = r.CpuUserSeconds,
        cpu_system_seconds = r.CpuSystemSeconds,
        allocated_bytes = r.AllocatedBytes,
        gc_collections = new[] { r.Gen0Collections, r.Gen1Collections, r.Gen2Collections },
        gc_pause_seconds = r.GcPauseSeconds,
        peak_rss_bytes = r.PeakRssBytes,
    };

    private static void WriteTable(CliContext context, RunProfile profile)
    {
        context.Out.WriteLine();
        if (!context.IsTerminal)
        {
            foreach (var line in PhaseTable.Lines(profile))
            {
                context.Out.WriteLine(line);
            }

            return;
        }

        var table = new Table().AddColumns(PhaseTable.Columns);
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var row in PhaseTable.Rows(profile))
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        context.Console.Write(table);
    }

    private static void WriteCharts(CliContext context, Dictionary<string, IReadOnlyList<MetricPoint>> series)
    {
        var gauges = series.Where(s => !s.Key.EndsWith(SystemMetrics.MaxSuffix, StringComparison.Ordinal) && s.Value.Count > 0).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        if (gauges.Count == 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("No sampled series (the run was shorter than one sample interval, or sampling was off).");
            return;
        }

        context.Out.WriteLine();
        var width = gauges.Max(g => g.Key.Length - SystemMetrics.Prefix.Length);
        foreach (var (key, points) in gauges)
        {
            var values = points.Select(p => p.Value).ToList();
            var peak = series.TryGetValue(key + SystemMetrics.MaxSuffix, out var maxima) && maxima.Count > 0 ? maxima.Max(p => p.Value) : values.Max();
            var label = key[SystemMetrics.Prefix.Length..].PadRight(width);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}  {Sparkline.Render(values),-40}  mean {CliFormat.Number(values.Average())}  peak {CliFormat.Number(peak)}  last {CliFormat.Number(values[^1])}"));
        }
    }
}
