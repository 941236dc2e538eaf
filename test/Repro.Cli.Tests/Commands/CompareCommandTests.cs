using System.Text.Json;
using Repro.Cli.Tests.Support;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.Randomness;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class CompareCommandTests : IDisposable
{
    private const int Rows = 400;

    private readonly CliHarness _cli = new CliHarness().Init();

    public void Dispose() => _cli.Dispose();

    /// <summary>Binary predictions of fixed labels whose scores lean towards the label by <paramref name="skill"/>.</summary>
    private static Predictions Scored(double skill, ulong seed, bool withIds = true)
    {
        var truth = new RandomStream(99, "labels");
        var noise = new RandomStream(seed, "scores");
        var labels = new int[Rows];
        var scores = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            labels[i] = truth.NextInt(2);
            scores[i] = Math.Round(Math.Clamp(noise.NextDouble() + (labels[i] == 1 ? skill : -skill), 0, 1) * 50) / 50;
        }

        return Predictions.Binary(labels, scores, withIds ? [.. Enumerable.Range(0, Rows).Select(i => $"ex{i}")] : null);
    }

    /// <summary>A finished run that logged <paramref name="predictions"/> through the library.</summary>
    private RunId Logged(Predictions? predictions, string name = "predictions", string runName = "run")
    {
        using var store = _cli.OpenStore();
        using var run = Run.Start(new RunOptions
        {
            Store = store,
            Name = runName,
            Seed = 1,
            AttachToEnvironment = false,
            HandleProcessEvents = false,
        });
        if (predictions is not null)
        {
            run.LogPredictions(predictions, name);
        }

        return run.Id;
    }

    [Fact]
    public void A_clearly_better_run_b_is_better_with_its_difference_interval_and_p_values()
    {
        var a = Logged(Scored(0.05, seed: 1), runName: "baseline");
        var b = Logged(Scored(0.5, seed: 2), runName: "improved");

        var result = _cli.Run("compare", a.Value, b.Value, "--bootstrap", "300");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var expected = PairedBootstrap.Compare(Scored(0.05, 1), Scored(0.5, 2), "roc_auc", new BootstrapOptions { Resamples = 300 });
        var mcnemar = McNemar.Test(Scored(0.05, 1), Scored(0.5, 2));
        Assert.Equal(
        [
            "metric   roc_auc (higher is better)",
            "rows     400, paired by id",
            $"A        {a.Value[..8]} baseline  {CliFormat.Number(expected.ValueA)}",
            $"B        {b.Value[..8]} improved  {CliFormat.Number(expected.ValueB)}",
            $"B - A    +{CliFormat.Number(expected.Difference)}  95% CI [+{CliFormat.Number(expected.Low)}, +{CliFormat.Number(expected.High)}]",
            "p-value  0.00664 (paired bootstrap, 300 resamples, seed 0)",
            $"McNemar  p = {mcnemar.PValue.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} (exact; A right and B wrong: {mcnemar.OnlyACorrect}, B right and A wrong: {mcnemar.OnlyBCorrect})",
            "verdict  B is better",
        ], result.OutputLines);
    }

    [Fact]
    public void Swapped_runs_say_a_is_better()
    {
        var a = Logged(Scored(0.05, seed: 1));
        var b = Logged(Scored(0.5, seed: 2));

        var result = _cli.Run("compare", b.Value, a.Value, "--bootstrap", "200");

        Assert.Equal("verdict  A is better", result.OutputLines[^1]);
    }

    [Fact]
    public void Runs_with_the_same_predictions_are_within_noise()
    {
        var a = Logged(Scored(0.3, seed: 1));
        var b = Logged(Scored(0.3, seed: 1));

        var result = _cli.Run("compare", a.Value[..10], b.Value[..10], "--bootstrap", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("p-value  1 (paired bootstrap, 100 resamples, seed 0)", result.OutputLines[5]);
        Assert.Equal("verdict  within noise", result.OutputLines[^1]);
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var a = Logged(Scored(0.1, seed: 1), runName: "a");
        var b = Logged(Scored(0.2, seed: 2), runName: "b");

        var result = _cli.Run("compare", a.Value, b.Value, "--metric", "accuracy", "--bootstrap", "150", "--seed", "5", "--level", "0.9", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        var expected = PairedBootstrap.Compare(Scored(0.1, 1), Scored(0.2, 2), "accuracy", new BootstrapOptions { Resamples = 150, Seed = 5, Level = 0.9 });
        var mcnemar = McNemar.Test(Scored(0.1, 1), Scored(0.2, 2));
        Assert.Equal("accuracy", json.GetProperty("metric").GetString());
        Assert.True(json.GetProperty("higher_is_better").GetBoolean());
        Assert.Equal("binary", json.GetProperty("task").GetString());
        Assert.Equal(Rows, json.GetProperty("rows").GetInt32());
        Assert.Equal("id", json.GetProperty("paired_by").GetString());
        Assert.Equal(a.Value, json.GetProperty("a").GetProperty("run_id").GetString());
        Assert.Equal("b", json.GetProperty("b").GetProperty("name").GetString());
        Assert.Equal(expected.ValueA, json.GetProperty("a").GetProperty("value").GetDouble());
        Assert.Equal(expected.ValueB, json.GetProperty("b").GetProperty("value").GetDouble());
        Assert.Equal(expected.Difference, json.GetProperty("difference").GetDouble());
        Assert.Equal(expected.Low, json.GetProperty("ci_low").GetDouble());
        Assert.Equal(expected.High, json.GetProperty("ci_high").GetDouble());
        Assert.Equal(expected.PValue, json.GetProperty("p_value").GetDouble());
        Assert.Equal(expected.VerdictText, json.GetProperty("verdict_text").GetString());
        var verdict = expected.Verdict switch
        {
            ComparisonVerdict.BIsBetter => "B_IS_BETTER",
            ComparisonVerdict.AIsBetter => "A_IS_BETTER",
            _ => "WITHIN_NOISE",
        };
        Assert.Equal(verdict, json.GetProperty("verdict").GetString());
        var bootstrap = json.GetProperty("bootstrap");
        Assert.Equal((150, "5", 0.9, 0), (bootstrap.GetProperty("resamples").GetInt32(), bootstrap.GetProperty("seed").GetString(), bootstrap.GetProperty("level").GetDouble(), bootstrap.GetProperty("undefined_resamples").GetInt32()));
        var table = json.GetProperty("mcnemar");
        Assert.Equal(
            (mcnemar.BothCorrect, mcnemar.OnlyACorrect, mcnemar.OnlyBCorrect, mcnemar.BothWrong, mcnemar.PValue),
            (table.GetProperty("both_correct").GetInt32(), table.GetProperty("only_a_correct").GetInt32(), table.GetProperty("only_b_correct").GetInt32(),
                table.GetProperty("both_wrong").GetInt32(), table.GetProperty("p_value").GetDouble()));
    }

    [Fact]
    public void Regression_runs_compare_rmse_by_default_without_mcnemar()
    {
        double[] targets = [1, 2, 3, 4, 5, 6];
        var a = Logged(Predictions.Regression(targets, [1.5, 2.5, 2.5, 4.5, 5.5, 5.0]));
        var b = Logged(Predictions.Regression(targets, [1.1, 2.0, 3.1, 4.0, 4.9, 6.2]));

        var json = _cli.Run("compare", a.Value, b.Value, "--bootstrap", "100", "--json").Json();

        Assert.Equal("rmse", json.GetProperty("metric").GetString());
        Assert.False(json.GetProperty("higher_is_better").GetBoolean());
        Assert.Equal("row_order", json.GetProperty("paired_by").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("mcnemar").ValueKind);
    }

    [Fact]
    public void Predictions_a_wrapped_command_left_in_its_outputs_are_compared()
    {
        _cli.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        File.WriteAllText(Path.Combine(_cli.Folder, "a.csv"), PredictionsCsv.ToCsv(Scored(0.05, seed: 1)));
        File.WriteAllText(Path.Combine(_cli.Folder, "b.csv"), PredictionsCsv.ToCsv(Scored(0.5, seed: 2)));
        Assert.Equal(0, _cli.Run("run", "--name", "from-a", "--", "sh", "-c", "cp a.csv \"$REPRO_OUTPUTS/predictions.csv\"").ExitCode);
        Assert.Equal(0, _cli.Run("run", "--name", "from-b", "--", "sh", "-c", "cp b.csv \"$REPRO_OUTPUTS/predictions.csv\"").ExitCode);
        var (a, b) = RunsNamed("from-a", "from-b");

        var result = _cli.Run("compare", a.Value, b.Value, "--bootstrap", "100", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("B_IS_BETTER", result.Json().GetProperty("verdict").GetString());
    }

    [Fact]
    public void An_output_file_changed_after_the_run_is_refused()
    {
        _cli.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        File.WriteAllText(Path.Combine(_cli.Folder, "a.csv"), PredictionsCsv.ToCsv(Scored(0.05, seed: 1)));
        Assert.Equal(0, _cli.Run("run", "--name", "from-a", "--", "sh", "-c", "cp a.csv \"$REPRO_OUTPUTS/predictions.csv\"").ExitCode);
        var b = Logged(Scored(0.5, seed: 2));
        var (a, _) = RunsNamed("from-a", "run");
        var output = Path.Combine(_cli.Folder, ".repro", "runs", a.Value, "outputs", "predictions.csv");
        File.WriteAllText(output, File.ReadAllText(output).Replace("ex0,", "ex0x,", StringComparison.Ordinal));

        var result = _cli.Run("compare", a.Value, b.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"has changed since run {a.Value[..8]} recorded it", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_run_without_predictions_says_how_to_log_them()
    {
        var a = Logged(null);
        var b = Logged(Scored(0.3, seed: 1));

        var result = _cli.Run("compare", a.Value, b.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"repro: error: Run {a.Value[..8]} has no predictions named 'predictions'. Log them from .NET with run.LogPredictions(predictions), or have the command under 'repro run' write predictions.csv (a header such as id,y_true,y_score) into the folder $REPRO_OUTPUTS."],
            result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Named_predictions_are_found_by_name()
    {
        var a = Logged(Scored(0.3, seed: 1), name: "validation");
        var b = Logged(Scored(0.3, seed: 1), name: "validation");

        var result = _cli.Run("compare", a.Value, b.Value, "--predictions", "validation", "--bootstrap", "50");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void An_unknown_run_fails_with_the_stores_message()
    {
        var a = Logged(Scored(0.3, seed: 1));

        var result = _cli.Run("compare", a.Value, "ffffffffffffffffffffffffffffffff");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: No run matches 'ffffffffffffffffffffffffffffffff'. 'repro runs list' shows the runs in this store."], result.ErrorLines);
    }

    [Fact]
    public void An_ambiguous_prefix_fails_with_the_stores_message()
    {
        var ids = Enumerable.Range(0, 40).Select(_ => Logged(Scored(0.3, seed: 1))).ToList();
        var shared = ids.GroupBy(id => id.Value[..1]).First(g => g.Count() > 1).Key;

        var result = _cli.Run("compare", shared, ids[0].Value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"repro: error: '{shared}' is ambiguous", result.ErrorLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_of_different_tasks_are_refused()
    {
        var a = Logged(Scored(0.3, seed: 1));
        var b = Logged(Predictions.Regression([1.0, 2.0], [1.0, 2.0]));

        var result = _cli.Run("compare", a.Value, b.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"repro: error: Run {a.Value[..8]} logged binary predictions and run {b.Value[..8]} regression predictions; only runs of the same task can be compared."], result.ErrorLines);
    }

    [Fact]
    public void Predictions_of_different_examples_are_refused_with_counts()
    {
        var full = Scored(0.3, seed: 1);
        var a = Logged(full);
        var b = Logged(full.Select([.. Enumerable.Range(2, Rows - 2)]));

        var result = _cli.Run("compare", a.Value, b.Value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: The predictions do not cover the same examples: 2 ids of A are missing from B (e.g. 'ex0', 'ex1'). Paired comparisons need predictions for the same ids."], result.ErrorLines);
    }

    [Fact]
    public void An_unknown_metric_is_refused_with_the_catalogs_message()
    {
        var a = Logged(Scored(0.3, seed: 1));
        var b = Logged(Scored(0.3, seed: 2));

        var result = _cli.Run("compare", a.Value, b.Value, "--metric", "no_such_metric");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("repro: error: ", result.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.Contains("no_such_metric", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bootstrap", "0", "repro: error: --bootstrap must be at least 1: the comparison's interval and p-value come from the resamples.")]
    [InlineData("--predictions", "a/b", "repro: error: --predictions: invalid name 'a/b': use up to 100 letters, digits, '_', '-' or '.'.")]
    public void Invalid_options_are_refused(string option, string value, string message)
    {
        var a = Logged(Scored(0.3, seed: 1));

        var result = _cli.Run("compare", a.Value, a.Value, option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([message], result.ErrorLines);
    }

    [Fact]
    public void A_terminal_gets_the_same_lines_with_the_verdict()
    {
        var a = Logged(Scored(0.05, seed: 1));
        var b = Logged(Scored(0.5, seed: 2));

        var result = _cli.RunInTerminal("compare", a.Value, b.Value, "--bootstrap", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"verdict\s+B is better", result.Output);
        Assert.Matches(@"B - A\s+\+", result.Output);
    }

    private (RunId A, RunId B) RunsNamed(string nameA, string nameB)
    {
        using var store = _cli.OpenStore();
        var runs = store.SearchRuns(new Repro.Storage.RunQuery { Limit = 100 });
        return (runs.Single(r => r.Name == nameA).Id, runs.Single(r => r.Name == nameB).Id);
    }
}
