using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Repro.Tracking;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro runs show RUN</c>: one run in full: attributes, params, tags, a summary and sparkline of each
/// metric, and the saved text attachments (captured stdout and stderr).
/// </summary>
internal static class RunsShowCommand
{
    /// <summary>The text attachments <c>repro run</c> saves, in the order they are listed.</summary>
    internal static readonly IReadOnlyList<string> TextNames = ["stdout", "stderr"];

    public static Command Create(CliEnvironment environment)
    {
        var run = new Argument<string>("RUN") { Description = "A run id, or a unique prefix of one (like git)." };
        var history = new Option<bool>("--history")
        {
            Description = "Also print every point of every metric (step, value, timestamp).",
        };
        var text = new Option<string?>("--text")
        {
            Description = $"Print only the saved text NAME ({string.Join(", ", TextNames)}) exactly as captured.",
            HelpName = "NAME",
        };
        var command = new Command("show",
            "Show one run: attributes, params, tags, metrics (last value, step, count, min, max, sparkline) and saved output. "
            + "With --json: {run: {same fields as 'runs list --json'}, metrics: {KEY: {last, step, count, min, max}}, "
            + "texts: [{name, size_bytes}]}; --history adds metrics.KEY.history: [{step, value, timestamp_ms}].")
        {
            run, history, text, CliOptions.Json,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, context =>
            Execute(context, context.Value(run), context.Value(history), context.ParseResult.GetValue(text))));
        return command;
    }

    private static int Execute(CliContext context, string idOrPrefix, bool withHistory, string? textName)
    {
        using var store = context.OpenStore();
        var id = store.ResolveRun(idOrPrefix);
        if (textName is not null)
        {
            var content = store.GetRunText(id, textName)
                ?? throw new ReproException($"Run {id.Value[..8]} has no saved text '{textName}'. 'repro runs show {id.Value[..8]}' lists what it has.");
            context.Out.Write(content);
            return CliApp.Success;
        }

        var run = store.GetRun(id);
        var data = store.GetRunData(id);
        var metrics = data.LatestMetrics.Values
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(latest => MetricSummary.Of(latest, store.GetMetricHistory(id, latest.Key)))
            .ToList();
        var texts = TextNames
            .Select(name => (Name: name, Content: store.GetRunText(id, name)))
            .Where(t => t.Content is not null)
            .Select(t => new TextJson(t.Name, Encoding.UTF8.GetByteCount(t.Content!)))
            .ToList();

        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                run = RunJson.From(run, data),
                metrics = metrics.ToDictionary(m => m.Key, m => m.ToJson(withHistory)),
                texts,
            });
        }
        else if (context.IsTerminal)
        {
            WriteRich(context, run, data, metrics, texts, withHistory);
        }
        else
        {
            WritePlain(context, run, data, metrics, texts, withHistory);
        }

        return CliApp.Success;
    }

    private static List<(string Name, string Value)> Attributes(RunInfo run, RunData data, TimeProvider time)
    {
        var rows = new List<(string, string)>
        {
            ("run", run.Id.Value),
            ("experiment", run.ExperimentName),
            ("name", run.Name),
            ("status", run.Status.ToName()),
            ("start", CliFormat.Time(run.StartTimeMs)),
            ("end", run.EndTimeMs is { } end ? CliFormat.Time(end) : "-"),
            ("duration", RunStatusStyle.Duration(run, time) + (run.EndTimeMs is null ? " so far" : string.Empty)),
            ("seed", run.Seed.ToString(CultureInfo.InvariantCulture)),
            ("parent", run.ParentRunId?.Value ?? "-"),
        };
        if (data.Tags.TryGetValue(SystemTags.FailureReason, out var reason))
        {
            rows.Add(("failure", reason));
        }

        return rows;
    }

    private static void WritePlain(CliContext context, RunInfo run, RunData data, List<MetricSummary> metrics, List<TextJson> texts, bool withHistory)
    {
        var output = context.Out;
        WritePairs(output, null, Attributes(run, data, context.Environment.Time));
        WritePairs(output, "params", [.. data.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))]);
        WritePairs(output, "tags", [.. data.Tags.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))]);
        if (metrics.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("metrics");
            var rows = metrics.Select(m => new[]
            {
                m.Key, CliFormat.Number(m.Last), m.Step.ToString(CultureInfo.InvariantCulture), m.Count.ToString(CultureInfo.InvariantCulture),
                CliFormat.Number(m.Min), CliFormat.Number(m.Max), Sparkline.Render(m.Values),
            }).Prepend(["key", "last", "step", "count", "min", "max", "history"]).ToList();
            var widths = Enumerable.Range(0, 7).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                output.WriteLine("  " + string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
            }
        }

        if (withHistory)
        {
            foreach (var metric in metrics)
            {
                output.WriteLine();
                output.WriteLine($"history of {metric.Key} (step, value, time)");
                foreach (var point in metric.History)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {point.Step}\t{ExactNumber(point.Value)}\t{CliFormat.Time(point.TimestampMs)}"));
                }
            }
        }

        WriteTexts(output, run, texts);
    }

    private static void WritePairs(TextWriter output, string? title, List<(string Name, string Value)> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        if (title is not null)
        {
            output.WriteLine();
            output.WriteLine(title);
        }

        var indent = title is null ? string.Empty : "  ";
        var width = pairs.Max(p => p.Name.Length);
        foreach (var (name, value) in pairs)
        {
            output.WriteLine($"{indent}{name.PadRight(width)}  {value.ReplaceLineEndings(" ")}");
        }
    }

    private static void WriteTexts(TextWriter output, RunInfo run, List<TextJson> texts)
    {
        if (texts.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("saved output");
        var width = texts.Max(t => t.Name.Length);
        foreach (var text in texts)
        {
            output.WriteLine($"  {text.Name.PadRight(width)}  {Bytes(text.SizeBytes)}");
        }

        output.WriteLine($"  (print one with: repro runs show {run.Id.Value[..8]} --text {texts[0].Name})");
    }

    private static void WriteRich(CliContext context, RunInfo run, RunData data, List<MetricSummary> metrics, List<TextJson> texts, bool withHistory)
    {
        var console = context.Console;
        var attributes = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (name, value) in Attributes(run, data, context.Environment.Time))
        {
            attributes.AddRow($"[bold]{name}[/]", name == "status" ? RunStatusStyle.Markup(run.Status) : Markup.Escape(value));
        }

        console.Write(attributes);
        WritePairTable(console, "Params", data.Params);
        WritePairTable(console, "Tags", data.Tags);
        if (metrics.Count > 0)
        {
            CompactTable.Section(console, "Metrics");
            var rows = metrics.Select(m => new[]
            {
                Markup.Escape(m.Key), CliFormat.Number(m.Last), m.Step.ToString(CultureInfo.InvariantCulture), m.Count.ToString(CultureInfo.InvariantCulture),
                CliFormat.Number(m.Min), CliFormat.Number(m.Max),
            }).ToList();
            string[] headers = ["Key", "Last", "Step", "Points", "Min", "Max"];

            // The sparkline takes what the other columns leave of the terminal, between 8 and 40 columns.
            var used = headers.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length)) + 2).Sum();
            var sparkWidth = Math.Clamp(console.Profile.Width - used - 3, 8, Sparkline.DefaultWidth);
            var table = CompactTable.Create().AddColumn(CompactTable.Column("Key"));
            foreach (var header in headers[1..])
            {
                table.AddColumn(CompactTable.Column(header, noWrap: true, rightAligned: true));
            }

            table.AddColumn(CompactTable.Column("History", noWrap: true));
            for (var i = 0; i < metrics.Count; i++)
            {
                table.AddRow([.. rows[i], $"[cyan]{Sparkline.Render(metrics[i].Values, sparkWidth)}[/]"]);
            }

            console.Write(table);
        }

        if (withHistory)
        {
            foreach (var metric in metrics)
            {
                CompactTable.Section(console, $"History of {metric.Key}");
                var table = CompactTable.Create()
                    .AddColumn(CompactTable.Column("Step", noWrap: true, rightAligned: true))
                    .AddColumn(CompactTable.Column("Value", noWrap: true, rightAligned: true))
                    .AddColumn(CompactTable.Column("Time (UTC)", noWrap: true));
                foreach (var point in metric.History)
                {
                    table.AddRow(point.Step.ToString(CultureInfo.InvariantCulture), ExactNumber(point.Value), CliFormat.Time(point.TimestampMs));
                }

                console.Write(table);
            }
        }

        if (texts.Count > 0)
        {
            CompactTable.Section(console, "Saved output");
            var table = CompactTable.Create().AddColumn(CompactTable.Column("Name")).AddColumn(CompactTable.Column("Size", noWrap: true, rightAligned: true));
            foreach (var text in texts)
            {
                table.AddRow(text.Name, Bytes(text.SizeBytes));
            }

            console.Write(table);
            console.MarkupLine($"[grey]print one with: repro runs show {run.Id.Value[..8]} --text {texts[0].Name}[/]");
        }
    }

    private static void WritePairTable(IAnsiConsole console, string title, IReadOnlyDictionary<string, string> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        CompactTable.Section(console, title);
        var table = CompactTable.Create().AddColumn(CompactTable.Column("Key")).AddColumn(CompactTable.Column("Value"));
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(value));
        }

        console.Write(table);
    }

    private static string ExactNumber(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : CliFormat.Number(value);

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };

    private sealed record TextJson(string Name, long SizeBytes);

    /// <summary>A metric's latest point (MLflow's rule, as the store keeps it) and the extremes of its history.</summary>
    private sealed record MetricSummary(string Key, double Last, long Step, int Count, double Min, double Max, double[] Values, IReadOnlyList<MetricPoint> History)
    {
        public static MetricSummary Of(MetricPoint latest, IReadOnlyList<MetricPoint> history)
        {
            // Min and max skip NaN (an infinity counts); NaN only when every point is NaN.
            var min = double.NaN;
            var max = double.NaN;
            var values = new double[history.Count];
            for (var i = 0; i < history.Count; i++)
            {
                var value = values[i] = history[i].Value;
                if (!double.IsNaN(value))
                {
                    min = double.IsNaN(min) ? value : Math.Min(min, value);
                    max = double.IsNaN(max) ? value : Math.Max(max, value);
                }
            }

            return new MetricSummary(latest.Key, latest.Value, latest.Step, history.Count, min, max, values, history);
        }

        public MetricJson ToJson(bool withHistory) => new(
            Last, Step, Count, Min, Max, withHistory ? [.. History.Select(p => new PointJson(p.Step, p.Value, p.TimestampMs))] : null);
    }

    private sealed record MetricJson(
        double Last,
        long Step,
        int Count,
        double Min,
        double Max,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PointJson>? History);

    private sealed record PointJson(long Step, double Value, long TimestampMs);
}
