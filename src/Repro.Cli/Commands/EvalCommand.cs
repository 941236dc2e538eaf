using System.CommandLine;
using System.Globalization;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro eval PREDICTIONS.csv --task T</c>: every metric of the task on a predictions file, with bootstrap
/// confidence intervals; a table in a terminal, tab-separated lines with a header when piped, or JSON.
/// Needs no store.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<string>("PREDICTIONS")
        {
            Description = "A CSV file with a header: binary y_true,y_score (y_true 0 or 1, y_score the probability of class 1); "
                + "multiclass y_true,y_score_<class>,... (y_true a class name); regression y_true,y_pred; optionally id.",
        };
        var task = new Option<string>("--task")
        {
            Description = "What the predictions are: binary, multiclass or regression.",
            HelpName = "TASK",
            Required = true,
        };
        task.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && value is not ("binary" or "multiclass" or "regression"))
            {
                result.AddError($"--task must be binary, multiclass or regression, not '{value}'.");
            }
        });
        var shared = new EvaluationOptions();
        var command = new Command("eval",
            "Compute every metric of the task on a predictions file, with percentile bootstrap confidence intervals "
            + $"({BootstrapOptions.DefaultResamples} resamples, seed 0 and level 0.95 unless --bootstrap, --seed, --level say otherwise; --bootstrap 0 for none). "
            + "With --json: {task, rows, threshold (binary only, else null), bootstrap: {resamples, seed (a decimal string), level} or null, "
            + "metrics: [{name, value, ci_low, ci_high, undefined_reason}]}; value null when undefined, ci_low and ci_high null without intervals.")
        {
            file, task,
        };
        foreach (var option in shared.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(CliOptions.Json);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, context =>
        {
            var metricOptions = shared.ReadMetricOptions(context);
            var bootstrap = shared.ReadBootstrapOptions(context, metricOptions);
            var typed = context.Value(file);
            var predictions = PredictionsCsv.Read(Path.Combine(context.Environment.CurrentDirectory, typed), ParseTask(context.Value(task)), typed);
            return Execute(context, predictions, metricOptions, bootstrap);
        }));
        return command;
    }

    private static PredictionTask ParseTask(string task) => task switch
    {
        "binary" => PredictionTask.Binary,
        "multiclass" => PredictionTask.Multiclass,
        _ => PredictionTask.Regression,
    };

    private static int Execute(CliContext context, Predictions predictions, MetricOptions metricOptions, BootstrapOptions? bootstrap)
    {
        var rows = bootstrap is null
            ? MetricCatalog.ComputeAll(predictions, metricOptions).Select(v => new Row(v.Name, v.Value, double.NaN, double.NaN, v.UndefinedReason)).ToList()
            : Bootstrap.Intervals(predictions, options: bootstrap).Select(i => new Row(i.Metric, i.Value, i.Low, i.High, i.UndefinedReason)).ToList();
        var threshold = predictions.Task == PredictionTask.Binary ? metricOptions.Threshold : (double?)null;
        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                task = predictions.Task.ToString().ToLowerInvariant(),
                rows = predictions.Count,
                threshold,
                bootstrap = bootstrap is null ? null : new { resamples = bootstrap.Resamples, seed = bootstrap.Seed.ToString(CultureInfo.InvariantCulture), level = bootstrap.Level },
                metrics = rows.Select(r => new
                {
                    name = r.Name,
                    value = Defined(r.Value),
                    ci_low = Defined(r.Low),
                    ci_high = Defined(r.High),
                    undefined_reason = r.UndefinedReason,
                }),
            });
        }
        else if (context.IsTerminal)
        {
            WriteTable(context, predictions, threshold, bootstrap, rows);
        }
        else
        {
            WritePlain(context, bootstrap, rows);
        }

        return CliApp.Success;
    }

    private static double? Defined(double value) => double.IsNaN(value) ? null : value;

    private static void WritePlain(CliContext context, BootstrapOptions? bootstrap, List<Row> rows)
    {
        var header = bootstrap is null ? "metric\tvalue\tundefined_reason" : "metric\tvalue\tci_low\tci_high\tundefined_reason";
        context.Out.WriteLine(header);
        foreach (var row in rows)
        {
            var cells = bootstrap is null
                ? new[] { row.Name, Exact(row.Value), row.UndefinedReason ?? string.Empty }
                : [row.Name, Exact(row.Value), Exact(row.Low), Exact(row.High), row.UndefinedReason ?? string.Empty];
            context.Out.WriteLine(string.Join('\t', cells.Select(c => c.ReplaceLineEndings(" ").Replace('\t', ' '))));
        }
    }

    private static void WriteTable(CliContext context, Predictions predictions, double? threshold, BootstrapOptions? bootstrap, List<Row> rows)
    {
        var console = context.Console;
        var title = string.Create(CultureInfo.InvariantCulture, $"{predictions.Task.ToString().ToLowerInvariant()} predictions, {predictions.Count:N0} rows")
            + (threshold is { } t ? string.Create(CultureInfo.InvariantCulture, $", threshold {t}") : string.Empty);
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        var table = CompactTable.Create().AddColumn(CompactTable.Column("Metric")).AddColumn(CompactTable.Column("Value", noWrap: true, rightAligned: true));
        if (bootstrap is not null)
        {
            table.AddColumn(CompactTable.Column(string.Create(CultureInfo.InvariantCulture, $"{bootstrap.Level * 100:0.##}% CI"), noWrap: true));
        }

        foreach (var row in rows)
        {
            var value = double.IsNaN(row.Value) ? "[grey]undefined[/]" : CliFormat.Number(row.Value);
            if (bootstrap is null)
            {
                table.AddRow(Markup.Escape(row.Name), value);
            }
            else
            {
                var interval = double.IsNaN(row.Low) ? "[grey]-[/]" : Markup.Escape($"[{CliFormat.Number(row.Low)}, {CliFormat.Number(row.High)}]");
                table.AddRow(Markup.Escape(row.Name), value, interval);
            }
        }

        console.Write(table);
        foreach (var row in rows.Where(r => r.UndefinedReason is not null))
        {
            console.MarkupLine($"[grey]{Markup.Escape(row.Name)} is undefined: {Markup.Escape(row.UndefinedReason!)}[/]");
        }

        var note = bootstrap is null
            ? "No confidence intervals (--bootstrap 0)."
            : string.Create(CultureInfo.InvariantCulture, $"Percentile bootstrap intervals from {bootstrap.Resamples:N0} resamples, seed {bootstrap.Seed}.");
        console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
    }

    private static string Exact(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed record Row(string Name, double Value, double Low, double High, string? UndefinedReason);
}
