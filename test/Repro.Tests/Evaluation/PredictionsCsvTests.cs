using System.Text;
using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

public sealed class PredictionsCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-predictions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Predictions Parse(string text, PredictionTask? task) => PredictionsCsv.Read(new StringReader(text), task, "p.csv");

    private static InvalidPredictionsException Invalid(string text, PredictionTask? task) =>
        Assert.Throws<InvalidPredictionsException>(() => Parse(text, task));

    [Fact]
    public void Binary_rows_are_read_in_file_order()
    {
        var predictions = Parse("y_true,y_score\n1,0.9\n0,0.25\n1,1e-3\n", PredictionTask.Binary);

        Assert.Equal(PredictionTask.Binary, predictions.Task);
        Assert.Equal([1, 0, 1], predictions.Labels.ToArray());
        Assert.Equal([0.9, 0.25, 0.001], predictions.Scores.ToArray());
        Assert.Null(predictions.Ids);
        Assert.Equal(["0", "1"], predictions.Classes);
    }

    [Fact]
    public void Columns_may_come_in_any_order_with_ids_and_extra_columns_ignored()
    {
        var predictions = Parse("note,y_score,id,y_true\nx,0.5,a,1\ny,0.75,b,0\n", PredictionTask.Binary);

        Assert.Equal(["a", "b"], predictions.Ids!);
        Assert.Equal([1, 0], predictions.Labels.ToArray());
        Assert.Equal([0.5, 0.75], predictions.Scores.ToArray());
    }

    [Theory]
    [InlineData("1.0", 1)]
    [InlineData("0.0", 0)]
    [InlineData("True", 1)]
    [InlineData("false", 0)]
    [InlineData(" 1 ", 1)]
    public void Binary_labels_may_be_written_as_floats_or_booleans(string label, int expected)
    {
        var predictions = Parse($"y_true,y_score\n{label},0.5\n", PredictionTask.Binary);

        Assert.Equal(expected, predictions.Labels[0]);
    }

    [Fact]
    public void Multiclass_classes_come_from_the_score_columns_in_their_order()
    {
        var predictions = Parse("id,y_true,y_score_cat,y_score_dog,y_score_eel\nr1,dog,0.2,0.7,0.1\nr2,eel,0.1,0.1,0.8\n", PredictionTask.Multiclass);

        Assert.Equal(["cat", "dog", "eel"], predictions.Classes);
        Assert.Equal([1, 2], predictions.Labels.ToArray());
        Assert.Equal([0.2, 0.7, 0.1, 0.1, 0.1, 0.8], predictions.Scores.ToArray());
    }

    [Fact]
    public void Spaces_around_header_names_and_class_labels_are_ignored()
    {
        var predictions = Parse(" y_true , y_score_a , y_score_b\n b ,0.25,0.75\n", PredictionTask.Multiclass);

        Assert.Equal(["a", "b"], predictions.Classes);
        Assert.Equal([1], predictions.Labels.ToArray());
    }

    [Fact]
    public void Regression_reads_targets_and_estimates()
    {
        var predictions = Parse("y_true,y_pred\n3.5,3\n-1,-0.5\n", PredictionTask.Regression);

        Assert.Equal([3.5, -1], predictions.Targets.ToArray());
        Assert.Equal([3, -0.5], predictions.Estimates.ToArray());
    }

    [Theory]
    [InlineData("y_true,y_score\n1,0.5\n", PredictionTask.Binary)]
    [InlineData("y_true,y_score_a,y_score_b\na,0.5,0.5\n", PredictionTask.Multiclass)]
    [InlineData("y_true,y_pred\n1,0.5\n", PredictionTask.Regression)]
    public void Without_a_task_it_is_inferred_from_the_header(string text, PredictionTask expected)
    {
        Assert.Equal(expected, Parse(text, task: null).Task);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var predictions = Parse("id,y_true,y_score\n\"a,1\",1,0.5\n\"say \"\"hi\"\"\",0,0.5\n\"two\nlines\",1,\"0.25\"\n", PredictionTask.Binary);

        Assert.Equal(["a,1", "say \"hi\"", "two\nlines"], predictions.Ids!);
        Assert.Equal(0.25, predictions.Scores[2]);
    }

    [Fact]
    public void Crlf_line_ends_blank_lines_and_a_missing_final_newline_are_accepted()
    {
        var predictions = Parse("y_true,y_score\r\n1,0.5\r\n\r\n0,0.25", PredictionTask.Binary);

        Assert.Equal([1, 0], predictions.Labels.ToArray());
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_is_read()
    {
        var path = Path.Combine(_folder, "bom.csv");
        File.WriteAllText(path, "y_true,y_score\n1,0.5\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var predictions = PredictionsCsv.Read(path, PredictionTask.Binary);

        Assert.Equal(1, predictions.Count);
    }

    [Fact]
    public void Records_that_cross_the_read_buffer_are_read_whole()
    {
        var text = new StringBuilder("id,y_true,y_score\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"row \"\"{i}\"\", quoted\",{i % 2},{i / 20_000.0:R}\n");
        }

        var predictions = Parse(text.ToString(), PredictionTask.Binary);

        Assert.Equal(20_000, predictions.Count);
        Assert.Equal("row \"12345\", quoted", predictions.Ids![12_345]);
        Assert.Equal(12_345 / 20_000.0, predictions.Scores[12_345]);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var error = Invalid("", PredictionTask.Binary);

        Assert.StartsWith("p.csv: the file is empty; expected a header such as y_true,y_score", error.Message);
    }

    [Fact]
    public void A_header_without_rows_is_an_error()
    {
        var error = Invalid("y_true,y_score\n", PredictionTask.Binary);

        Assert.Equal("p.csv: no rows after the header.", error.Message);
    }

    [Fact]
    public void A_missing_column_is_named_with_the_expected_header()
    {
        var error = Invalid("y_true,score\n1,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 1: missing column 'y_score': binary predictions need the header y_true,y_score (and optionally id); the header is 'y_true,score'.", error.Message);
        Assert.Equal(1, error.LineNumber);
    }

    [Fact]
    public void A_header_after_blank_lines_is_named_by_its_own_line()
    {
        var error = Invalid("\n\ny_true,score\n1,0.5\n", PredictionTask.Binary);

        Assert.StartsWith("p.csv line 3: missing column 'y_score'", error.Message);
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void A_missing_y_true_is_an_error()
    {
        var error = Invalid("label,y_pred\n1,0.5\n", PredictionTask.Regression);

        Assert.StartsWith("p.csv line 1: missing column 'y_true': regression predictions need the header y_true,y_pred", error.Message);
    }

    [Fact]
    public void A_file_of_another_task_gets_a_hint()
    {
        var error = Invalid("y_true,y_score_a,y_score_b\na,0.5,0.5\n", PredictionTask.Binary);

        Assert.EndsWith("(these look like multiclass predictions: use --task multiclass).", error.Message);
    }

    [Fact]
    public void Multiclass_needs_two_score_columns()
    {
        var error = Invalid("y_true,y_score\n1,0.5\n", PredictionTask.Multiclass);

        Assert.Equal("p.csv line 1: missing columns: multiclass predictions need a y_score_<class> column for each of at least two classes; the header is 'y_true,y_score' (these look like binary predictions: use --task binary).", error.Message);
    }

    [Fact]
    public void A_header_that_names_no_task_is_an_error_when_inferring()
    {
        var error = Invalid("a,b\n1,2\n", task: null);

        Assert.StartsWith("p.csv line 1: cannot tell the task from the header 'a,b'", error.Message);
    }

    [Fact]
    public void A_column_named_twice_is_an_error()
    {
        var error = Invalid("y_true,y_score,y_score\n1,0.5,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 1: column 'y_score' appears more than once in the header.", error.Message);
    }

    [Fact]
    public void A_line_with_the_wrong_number_of_fields_is_named()
    {
        var error = Invalid("y_true,y_score\n1,0.5\n0\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 3: expected 2 fields as in the header, found 1.", error.Message);
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void Line_numbers_count_blank_lines_and_line_breaks_inside_quotes()
    {
        var error = Invalid("id,y_true,y_score\n\"a\nb\",1,0.5\n\nc,1,oops\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 5: y_score 'oops' is not a number.", error.Message);
        Assert.Equal(5, error.LineNumber);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void A_score_that_is_not_finite_is_an_error(string score)
    {
        var error = Invalid($"y_true,y_score\n1,0.5\n0,{score}\n", PredictionTask.Binary);

        Assert.Equal($"p.csv line 3: y_score is {score}, not a finite number.", error.Message);
    }

    [Fact]
    public void An_empty_value_is_an_error()
    {
        var error = Invalid("y_true,y_pred\n1,\n", PredictionTask.Regression);

        Assert.Equal("p.csv line 2: y_pred is empty.", error.Message);
    }

    [Fact]
    public void A_regression_target_that_is_not_finite_is_an_error()
    {
        var error = Invalid("y_true,y_pred\nnan,1\n", PredictionTask.Regression);

        Assert.Equal("p.csv line 2: y_true is nan, not a finite number.", error.Message);
    }

    [Fact]
    public void A_binary_label_other_than_0_or_1_is_an_error()
    {
        var error = Invalid("y_true,y_score\n1,0.5\n2,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 3: y_true '2' is not 0 or 1 (binary predictions: y_true is 0 or 1, y_score the probability of class 1).", error.Message);
    }

    [Fact]
    public void A_multiclass_label_outside_the_declared_classes_is_an_error()
    {
        var error = Invalid("y_true,y_score_a,y_score_b\na,0.5,0.5\nc,0.5,0.5\n", PredictionTask.Multiclass);

        Assert.Equal("p.csv line 3: y_true 'c' is not one of the classes of the y_score_<class> columns (a, b).", error.Message);
    }

    [Fact]
    public void A_duplicate_id_is_an_error_on_its_second_line()
    {
        var error = Invalid("id,y_true,y_score\na,1,0.5\nb,0,0.5\na,0,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 4: id 'a' appears more than once; ids must be unique to pair rows.", error.Message);
    }

    [Fact]
    public void An_empty_id_is_an_error()
    {
        var error = Invalid("id,y_true,y_score\n,1,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 2: the id is empty.", error.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_at_the_line_it_opens()
    {
        var error = Invalid("id,y_true,y_score\na,1,0.5\n\"b,1,0.5\nc,0,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 3: malformed CSV: a quoted field is never closed.", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var error = Invalid("id,y_true,y_score\n\"a\"b,1,0.5\n", PredictionTask.Binary);

        Assert.Equal("p.csv line 2: malformed CSV: 'b' after the closing quote of a field (expected a comma or the end of the line).", error.Message);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_an_error()
    {
        var error = Invalid("id,y_true,y_score\na\"b,1,0.5\n", PredictionTask.Binary);

        Assert.StartsWith("p.csv line 2: malformed CSV: a quote inside a field that does not start with one", error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Combine(_folder, "absent.csv");

        var error = Assert.Throws<InvalidPredictionsException>(() => PredictionsCsv.Read(path, PredictionTask.Binary));

        Assert.Equal($"{path}: no such file.", error.Message);
    }

    [Fact]
    public void Written_predictions_read_back_identically_for_every_task()
    {
        Predictions[] sets =
        [
            Predictions.Binary([1, 0, 1], [0.1 + 0.2, 1e-300, 1.0 / 3], ["plain", "with,comma", "with \"quote\""]),
            Predictions.Multiclass([2, 0], [0.2, 0.3, 0.5, 0.6, 0.4, 0.0], ["a", "b,c", "d"]),
            Predictions.Regression([Math.PI, -0.0], [Math.E, 1e17]),
        ];

        foreach (var expected in sets)
        {
            var actual = Parse(PredictionsCsv.ToCsv(expected), task: null);

            Assert.Equal(expected.Task, actual.Task);
            Assert.Equal(expected.Classes, actual.Classes);
            Assert.Equal(expected.Ids, actual.Ids);
            Assert.Equal(expected.Labels.ToArray(), actual.Labels.ToArray());
            Assert.Equal(Bits(expected.Scores), Bits(actual.Scores));
            Assert.Equal(Bits(expected.Targets), Bits(actual.Targets));
            Assert.Equal(Bits(expected.Estimates), Bits(actual.Estimates));
        }
    }

    [Fact]
    public void The_written_format_is_the_documented_one()
    {
        var csv = PredictionsCsv.ToCsv(Predictions.Binary([1, 0], [0.75, 0.5], ["a", "b"]));

        Assert.Equal("id,y_true,y_score\na,1,0.75\nb,0,0.5\n", csv);
    }

    [Fact]
    public void Writing_refuses_ids_that_could_not_be_read_back()
    {
        var repeated = Predictions.Binary([1, 0], [0.5, 0.5], ["a", "a"]);
        var empty = Predictions.Binary([1], [0.5], [""]);

        Assert.Contains("id 'a' appears more than once", Assert.Throws<ArgumentException>(() => PredictionsCsv.ToCsv(repeated)).Message);
        Assert.Contains("the id is empty", Assert.Throws<ArgumentException>(() => PredictionsCsv.ToCsv(empty)).Message);
    }

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        }

        return bits;
    }
}
