using System.Globalization;
using Repro.Cli.Tests.Support;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;

namespace Repro.Cli.Tests.Commands;

public sealed class EvalCommandTests : IDisposable
{
    private const string Binary = "id,y_true,y_score\na,1,0.9\nb,0,0.2\nc,1,0.4\nd,0,0.4\ne,1,0.7\nf,0,0.6\ng,1,0.8\nh,0,0.1\n";

    // No store: eval reads a file and needs none.
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Write(string name, string content)
    {
        File.WriteAllText(Path.Combine(_cli.Folder, name), content);
        return name;
    }

    private static Predictions Read(string content, PredictionTask task) => PredictionsCsv.Read(new StringReader(content), task, "test");

    [Fact]
    public void Piped_output_is_a_header_and_one_tab_separated_line_per_metric_with_its_interval()
    {
        var file = Write("p.csv", Binary);

        var result = _cli.Run("eval", file, "--task", "binary");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var expected = Bootstrap.Intervals(Read(Binary, PredictionTask.Binary), options: new BootstrapOptions { Resamples = 1000, Seed = 0 })
            .Select(i => string.Join('\t', i.Metric, R(i.Value), R(i.Low), R(i.High), string.Empty));
        Assert.Equal(["metric\tvalue\tci_low\tci_high\tundefined_reason", .. expected], result.OutputLines);
        Assert.Contains("accuracy\t0.75\t", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_metric_of_the_task_is_listed_in_the_catalogs_order()
    {
        var file = Write("p.csv", "y_true,y_pred\n1,1.5\n2,2\n3,2.5\n");

        var result = _cli.Run("eval", file, "--task", "regression", "--bootstrap", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(MetricCatalog.NamesFor(PredictionTask.Regression), result.OutputLines.Skip(1).Select(l => l.Split('\t')[0]));
    }

    [Fact]
    public void Without_bootstrap_there_are_no_interval_columns()
    {
        var file = Write("p.csv", Binary);

        var result = _cli.Run("eval", file, "--task", "binary", "--bootstrap", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("metric\tvalue\tundefined_reason", result.OutputLines[0]);
        Assert.Contains("accuracy\t0.75\t", result.OutputLines);
    }

    [Fact]
    public void The_threshold_decides_binary_hard_predictions()
    {
        var file = Write("p.csv", Binary);

        var result = _cli.Run("eval", file, "--task", "binary", "--bootstrap", "0", "--threshold", "0.65");

        // Scores >= 0.65: a, e, g (all class 1); the rest predicted 0: b, d, f, h right, c wrong.
        Assert.Contains("accuracy\t0.875\t", result.OutputLines);
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var file = Write("p.csv", Binary);

        var result = _cli.Run("eval", file, "--task", "binary", "--bootstrap", "200", "--seed", "7", "--level", "0.9", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal("binary", json.GetProperty("task").GetString());
        Assert.Equal(8, json.GetProperty("rows").GetInt32());
        Assert.Equal(0.5, json.GetProperty("threshold").GetDouble());
        Assert.Equal(200, json.GetProperty("bootstrap").GetProperty("resamples").GetInt32());
        Assert.Equal("7", json.GetProperty("bootstrap").GetProperty("seed").GetString());
        Assert.Equal(0.9, json.GetProperty("bootstrap").GetProperty("level").GetDouble());
        var expected = Bootstrap.Intervals(Read(Binary, PredictionTask.Binary), options: new BootstrapOptions { Resamples = 200, Seed = 7, Level = 0.9 });
        var metrics = json.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(expected.Select(i => i.Metric), metrics.Select(m => m.GetProperty("name").GetString()));
        var accuracy = metrics.Single(m => m.GetProperty("name").GetString() == "accuracy");
        Assert.Equal(0.75, accuracy.GetProperty("value").GetDouble());
        Assert.Equal(expected.Single(i => i.Metric == "accuracy").Low, accuracy.GetProperty("ci_low").GetDouble());
        Assert.Equal(expected.Single(i => i.Metric == "accuracy").High, accuracy.GetProperty("ci_high").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, accuracy.GetProperty("undefined_reason").ValueKind);
    }

    [Fact]
    public void Json_without_bootstrap_has_null_intervals_and_regression_has_no_threshold()
    {
        var file = Write("p.csv", "y_true,y_pred\n1,1.5\n2,2\n");

        var json = _cli.Run("eval", file, "--task", "regression", "--bootstrap", "0", "--json").Json();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("threshold").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("bootstrap").ValueKind);
        var first = json.GetProperty("metrics")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("ci_low").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("ci_high").ValueKind);
    }

    [Fact]
    public void The_same_seed_prints_the_same_intervals_and_another_seed_other_ones()
    {
        var file = Write("p.csv", Binary);

        var first = _cli.Run("eval", file, "--task", "binary", "--seed", "3");
        var again = _cli.Run("eval", file, "--task", "binary", "--seed", "3");
        var other = _cli.Run("eval", file, "--task", "binary", "--seed", "4", "--bootstrap", "50");

        Assert.Equal(first.Output, again.Output);
        Assert.NotEqual(first.Output, other.Output);
    }

    [Fact]
    public void An_undefined_metric_is_shown_with_its_reason_and_the_command_succeeds()
    {
        var file = Write("p.csv", "y_true,y_score\n1,0.9\n1,0.2\n");

        var plain = _cli.Run("eval", file, "--task", "binary");
        var json = _cli.Run("eval", file, "--task", "binary", "--json").Json();

        Assert.Equal(0, plain.ExitCode);
        var line = plain.OutputLines.Single(l => l.StartsWith("roc_auc\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(["roc_auc", "", "", ""], line[..4]);
        Assert.NotEmpty(line[4]);
        var auc = json.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "roc_auc");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, auc.GetProperty("value").ValueKind);
        Assert.False(string.IsNullOrEmpty(auc.GetProperty("undefined_reason").GetString()));
    }

    [Fact]
    public void A_terminal_gets_a_table_with_the_interval_column()
    {
        var file = Write("p.csv", Binary);

        var result = _cli.RunInTerminal("eval", file, "--task", "binary", "--bootstrap", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("binary predictions, 8 rows, threshold 0.5", result.Output, StringComparison.Ordinal);
        Assert.Contains("95% CI", result.Output, StringComparison.Ordinal);
        Assert.Contains("Percentile bootstrap intervals from 100 resamples, seed 0.", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"accuracy\s+0\.75\s+\[", result.Output);
    }

    [Fact]
    public void A_malformed_line_is_one_error_line_with_its_number_and_exit_code_1()
    {
        var file = Write("bad.csv", "y_true,y_score\n1,0.5\n0,high\n");

        var result = _cli.Run("eval", file, "--task", "binary");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: bad.csv line 3: y_score 'high' is not a number."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_missing_file_is_an_error()
    {
        var result = _cli.Run("eval", "absent.csv", "--task", "binary");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: absent.csv: no such file."], result.ErrorLines);
    }

    [Fact]
    public void A_file_of_another_task_is_an_error_with_a_hint()
    {
        var file = Write("p.csv", Binary);

        var result = _cli.Run("eval", file, "--task", "regression");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: p.csv line 1: missing column 'y_pred': regression predictions need the header y_true,y_pred (and optionally id); the header is 'id,y_true,y_score' (these look like binary predictions: use --task binary)."], result.ErrorLines);
    }

    [Theory]
    [InlineData("--bootstrap", "-1", "repro: error: --bootstrap must be 0 (no intervals) or a number of resamples, such as 1000.")]
    [InlineData("--level", "1.5", "repro: error: --level must be strictly between 0 and 1, such as 0.95.")]
    [InlineData("--threshold", "NaN", "repro: error: --threshold must be a finite number, such as 0.5.")]
    public void Options_out_of_range_are_refused_before_reading(string option, string value, string message)
    {
        var result = _cli.Run("eval", "absent.csv", "--task", "binary", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([message], result.ErrorLines);
    }

    [Fact]
    public void A_missing_task_is_a_usage_error()
    {
        var result = _cli.Run("eval", "p.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--task", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void An_unknown_task_is_one_error_line()
    {
        var result = _cli.Run("eval", "p.csv", "--task", "ranking");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["repro: error: --task must be binary, multiclass or regression, not 'ranking'.", "Run 'repro eval --help' for usage."], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    private static string R(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);
}
