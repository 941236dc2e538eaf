using System.CommandLine;
using System.Globalization;
using Repro.Cli.Running;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.Tracking;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro compare RUN_A RUN_B</c>: is B better than A, or is the difference noise? Pairs the predictions
/// the two runs logged (by id, or by row order), then reports both values of a metric, the difference B - A
/// with its paired-bootstrap interval and p-value, McNemar's exact test for classifiers, and a verdict.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runA = new Argument<string>("RUN_A") { Description = "The baseline run: an id or a unique prefix of one." };
        var runB = new Argument<string>("RUN_B") { Description = "The run compared with it." };
        var metric = new Option<string?>("--metric")
        {
            Description = "The metric to compare (a name 'repro eval' prints). Default: roc_auc for binary, accuracy for multiclass, rmse for regression.",
            HelpName = "M",
        };
        var name = new Option<string>("--predictions")
        {
            Description = "Which logged predictions: the name given to run.LogPredictions, or NAME.csv left in $REPRO_OUTPUTS under 'repro run'.",
            HelpName = "NAME",
            DefaultValueFactory = _ => RunPredictions.DefaultName,
        };
        var shared = new EvaluationOptions();
        var command = new Command("compare",
            "Compare two runs on the predictions they logged (paired by id, or by row order when neither has ids): A's and B's value, "
            + "the difference B - A with its paired bootstrap percentile interval and two-sided p-value, McNemar's exact test (classifiers), and a verdict: "
            + "'B is better', 'A is better' or 'within noise' (the interval contains 0). "
            + "With --json: {metric, higher_is_better, task, rows, paired_by, a: {run_id, name, value}, b: {...}, difference, ci_low, ci_high, p_value, "
            + "verdict (B_IS_BETTER, A_IS_BETTER, WITHIN_NOISE), verdict_text, bootstrap: {resamples, seed (a decimal string), level, undefined_resamples}, "
            + "mcnemar: {both_correct, only_a_correct, only_b_correct, both_wrong, p_value} or null}.")
        {
            runA, runB, metric, name,
        };
        foreach (var option in shared.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(CliOptions.Json);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, context =>
        {
            var metricOptions = shared.ReadMetricOptions(context);
            var bootstrap = shared.ReadBootstrapOptions(context, metricOptions)
                ?? throw new ReproException("--bootstrap must be at least 1: the comparison's interval and p-value come from the resamples.");
            var predictionsName = context.Value(name);
            if (!RunPredictions.IsValidName(predictionsName))
            {
                throw new ReproException(
                    $"--predictions: invalid name '{predictionsName}': use up to {RunPredictions.MaxNameLength} letters, digits, '_', '-' or '.'.");
            }

            return Execute(context, context.Value(runA), context.Value(runB), context.ParseResult.GetValue(metric), predictionsName, metricOptions, bootstrap);
        }));
        return command;
    }

    /// <summary>The metric compared when --metric is not given.</summary>
    public static string DefaultMetric(PredictionTask task) => task switch
    {
        PredictionTask.Binary => "roc_auc",
        PredictionTask.Multiclass => "accuracy",
        _ => "rmse",
    };

    private static int Execute(CliContext context, string referenceA, string referenceB, string? metric, string predictionsName, MetricOptions metricOptions, BootstrapOptions bootstrap)
    {
        Side a, b;
        using (var store = context.OpenStore())
        {
            var idA = store.ResolveRun(referenceA);
            var idB = store.ResolveRun(referenceB);
            a = new Side(store.GetRun(idA), LoggedPredictions.Load(store, idA, predictionsName, context.Environment.CurrentDirectory));
            b = new Side(store.GetRun(idB), LoggedPredictions.Load(store, idB, predictionsName, context.Environment.CurrentDirectory));
        }

        if (a.Predictions.Task != b.Predictions.Task)
        {
            throw new PredictionsMismatchException(
                $"Run {Short(a.Run)} logged {Name(a.Predictions.Task)} predictions and run {Short(b.Run)} {Name(b.Predictions.Task)} predictions; only runs of the same task can be compared.");
        }

        var task = a.Predictions.Task;
        metric ??= DefaultMetric(task);
        var result = PairedBootstrap.Compare(a.Predictions, b.Predictions, metric, bootstrap);
        var mcnemar = task == PredictionTask.Regression ? null : McNemar.Test(a.Predictions, b.Predictions, metricOptions);
        if (context.Json)
        {
            WriteJson(context, task, a, b, result, mcnemar);
        }
        else
        {
            var lines = Lines(a, b, result, mcnemar);
            if (context.IsTerminal)
            {
                var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
                foreach (var (label, text) in lines)
                {
                    grid.AddRow($"[bold]{Markup.Escape(label)}[/]", label == "verdict" ? VerdictMarkup(result) : Markup.Escape(text));
                }

                context.Console.Write(grid);
            }
            else
            {
                var width = lines.Max(l => l.Label.Length);
                foreach (var (label, text) in lines)
                {
                    context.Out.WriteLine($"{label.PadRight(width)}  {text}");
                }
            }
        }

        return CliApp.Success;
    }

    private static List<(string Label, string Text)> Lines(Side a, Side b, PairedComparison result, McNemarResult? mcnemar)
    {
        var level = string.Create(CultureInfo.InvariantCulture, $"{result.Level * 100:0.##}%");
        var interval = double.IsNaN(result.Low)
            ? $"no {level} interval: the metric was undefined on every resample"
            : $"{level} CI [{Signed(result.Low)}, {Signed(result.High)}]";
        var resamples = string.Create(CultureInfo.InvariantCulture, $"paired bootstrap, {result.Resamples} resamples, seed {result.Seed}")
            + (result.UndefinedResamples > 0 ? string.Create(CultureInfo.InvariantCulture, $", {result.UndefinedResamples} left out where the metric was undefined") : string.Empty);
        var lines = new List<(string, string)>
        {
            ("metric", $"{result.Metric} ({(result.HigherIsBetter ? "higher" : "lower")} is better)"),
            ("rows", string.Create(CultureInfo.InvariantCulture, $"{result.Rows}, paired by {(result.PairedBy == PairedBy.Id ? "id" : "row order")}")),
            ("A", $"{Short(a.Run)} {a.Run.Name}  {CliFormat.Number(result.ValueA)}"),
            ("B", $"{Short(b.Run)} {b.Run.Name}  {CliFormat.Number(result.ValueB)}"),
            ("B - A", $"{Signed(result.Difference)}  {interval}"),
            ("p-value", $"{PValue(result.PValue)} ({resamples})"),
        };
        if (mcnemar is not null)
        {
            lines.Add(("McNemar", string.Create(CultureInfo.InvariantCulture,
                $"p = {PValue(mcnemar.PValue)} (exact; A right and B wrong: {mcnemar.OnlyACorrect}, B right and A wrong: {mcnemar.OnlyBCorrect})")));
        }

        lines.Add(("verdict", result.VerdictText));
        return lines;
    }

    private static void WriteJson(CliContext context, PredictionTask task, Side a, Side b, PairedComparison result, McNemarResult? mcnemar)
    {
        CliJson.Write(context.Out, new
        {
            metric = result.Metric,
            higher_is_better = result.HigherIsBetter,
            task = Name(task),
            rows = result.Rows,
            paired_by = result.PairedBy == PairedBy.Id ? "id" : "row_order",
            a = new { run_id = a.Run.Id.Value, name = a.Run.Name, value = result.ValueA },
            b = new { run_id = b.Run.Id.Value, name = b.Run.Name, value = result.ValueB },
            difference = result.Difference,
            ci_low = Defined(result.Low),
            ci_high = Defined(result.High),
            p_value = result.PValue,
            verdict = result.Verdict switch
            {
                ComparisonVerdict.BIsBetter => "B_IS_BETTER",
                ComparisonVerdict.AIsBetter => "A_IS_BETTER",
                _ => "WITHIN_NOISE",
            },
            verdict_text = result.VerdictText,
            bootstrap = new { resamples = result.Resamples, seed = result.Seed.ToString(CultureInfo.InvariantCulture), level = result.Level, undefined_resamples = result.UndefinedResamples },
            mcnemar = mcnemar is null ? null : new
            {
                both_correct = mcnemar.BothCorrect,
                only_a_correct = mcnemar.OnlyACorrect,
                only_b_correct = mcnemar.OnlyBCorrect,
                both_wrong = mcnemar.BothWrong,
                p_value = mcnemar.PValue,
            },
        });
    }

    private static string VerdictMarkup(PairedComparison result) => result.Verdict switch
    {
        ComparisonVerdict.BIsBetter => $"[green]{result.VerdictText}[/]",
        ComparisonVerdict.AIsBetter => $"[red]{result.VerdictText}[/]",
        _ => $"[grey]{result.VerdictText}[/]",
    };

    private static double? Defined(double value) => double.IsNaN(value) ? null : value;

    private static string Signed(double value) => value > 0 ? "+" + CliFormat.Number(value) : CliFormat.Number(value);

    private static string PValue(double p) => p.ToString("G3", CultureInfo.InvariantCulture);

    private static string Short(RunInfo run) => run.Id.Value[..8];

    private static string Name(PredictionTask task) => task.ToString().ToLowerInvariant();

    private sealed record Side(RunInfo Run, Predictions Predictions);
}
