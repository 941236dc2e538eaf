using Repro.Data;

namespace Repro.Tests.Data;

public sealed class CsvTableTests
{
    [Fact]
    public void Column_types_are_inferred_from_every_value()
    {
        var table = CsvTable.Parse("id,score,flag,name,mixed\n1,0.5,true,ann,1\n2,1,False,bob,x\n3,-2e3,TRUE,cy,2.5\n");

        Assert.Equal(
            [new("id", ColumnType.Int64), new("score", ColumnType.Double), new("flag", ColumnType.Boolean), new("name", ColumnType.String), new("mixed", ColumnType.String)],
            table.Schema);
        Assert.Equal(3, table.RowCount);
        Assert.Equal([1L, 2, 3], ((Int64Column)table["id"]).Values.ToArray());
        Assert.Equal([0.5, 1.0, -2000.0], ((DoubleColumn)table["score"]).Values.ToArray());
        Assert.Equal([true, false, true], ((BooleanColumn)table["flag"]).Values.ToArray());
        Assert.Equal(["ann", "bob", "cy"], Strings(table["name"]));
        Assert.Equal(["1", "x", "2.5"], Strings(table["mixed"]));
    }

    [Fact]
    public void A_value_late_in_the_file_decides_the_type_because_inference_reads_every_row()
    {
        var text = "n\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i}\n")) + "0.5\n";

        var table = CsvTable.Parse(text);

        Assert.Equal(ColumnType.Double, table["n"].Type);
        Assert.Equal(0.5, ((DoubleColumn)table["n"])[5000]);
    }

    [Fact]
    public void Missing_values_are_explicit_and_NaN_is_a_value()
    {
        var table = CsvTable.Parse("a,b,c\n1,NaN,x\n,2.5,\nNA,NA,NA\n");

        var a = (Int64Column)table["a"];
        var b = (DoubleColumn)table["b"];
        var c = (StringColumn)table["c"];
        Assert.Equal([1L, null, null], [a[0], a[1], a[2]]);
        Assert.Equal(2, a.MissingCount);
        Assert.False(b.IsMissing(0));
        Assert.True(double.IsNaN(b[0]!.Value));
        Assert.True(b.IsMissing(2));
        Assert.Equal(["x", null, null], Strings(c));
    }

    [Fact]
    public void A_column_with_no_values_is_string()
    {
        var table = CsvTable.Parse("a,b\n1,\n2,NA\n");

        Assert.Equal(ColumnType.String, table["b"].Type);
        Assert.Equal(2, table["b"].MissingCount);
    }

    [Fact]
    public void Custom_missing_markers_replace_the_defaults()
    {
        var table = CsvTable.Parse("a,b\n?,NA\n1,x\n", new CsvOptions { MissingValues = ["?"] });

        Assert.Equal(ColumnType.Int64, table["a"].Type);
        Assert.True(table["a"].IsMissing(0));
        Assert.Equal("NA", ((StringColumn)table["b"])[0]);
    }

    [Fact]
    public void A_declared_type_wins_over_inference()
    {
        var table = CsvTable.Parse("zip,rate\n00123,1\n04500,2\n", new CsvOptions
        {
            ColumnTypes = new Dictionary<string, ColumnType> { ["zip"] = ColumnType.String, ["rate"] = ColumnType.Double },
        });

        Assert.Equal(["00123", "04500"], Strings(table["zip"]));
        Assert.Equal(ColumnType.Double, table["rate"].Type);
    }

    [Fact]
    public void Quoted_fields_hold_separators_doubled_quotes_and_line_breaks()
    {
        var table = CsvTable.Parse("id,text\n1,\"a,b\"\n2,\"she said \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"\"\n");

        Assert.Equal(["a,b", "she said \"hi\"", "two\nlines", null], Strings(table["text"]));
    }

    [Fact]
    public void CRLF_and_CR_line_endings_blank_lines_and_a_byte_order_mark_are_accepted()
    {
        var table = CsvTable.Parse("\uFEFFid,v\r\n1,2\r\n\r\n3,4\r5,6");

        Assert.Equal(["id", "v"], table.Schema.Select(c => c.Name));
        Assert.Equal([1L, 3, 5], ((Int64Column)table["id"]).Values.ToArray());
    }

    [Fact]
    public void Tab_separated_values_load_with_a_tab_separator()
    {
        var table = CsvTable.Parse("a\tb\n1\tx,y\n", new CsvOptions { Separator = '\t' });

        Assert.Equal("x,y", ((StringColumn)table["b"])[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_empty_source_is_an_error(string text)
    {
        var error = Assert.Throws<EmptyDataFileException>(() => CsvTable.Parse(text));

        Assert.False(error.HasHeader);
        Assert.Equal("CSV text: is empty (expected a header line, then one row per example).", error.Message);
    }

    [Fact]
    public void A_header_without_rows_is_an_error()
    {
        var error = Assert.Throws<EmptyDataFileException>(() => CsvTable.Parse("a,b\n"));

        Assert.True(error.HasHeader);
        Assert.Equal("CSV text: has a header but no rows.", error.Message);
    }

    [Fact]
    public void A_row_with_too_many_fields_names_its_line()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a,b\n1,2\n3,4,5\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("CSV text line 3: expected 2 fields as in the header, found 3.", error.Message);
    }

    [Fact]
    public void Line_numbers_count_the_lines_inside_quoted_fields()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a,b\n1,\"x\ny\nz\"\n3\n"));

        Assert.Equal(5, error.LineNumber);
    }

    [Fact]
    public void A_stray_quote_in_an_unquoted_field_names_its_line()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a,b\n1,2\n3,4\"x\n5,6\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("CSV text line 3: a quote inside an unquoted field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_names_the_line_where_it_opens()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a,b\n1,2\n3,\"open\n5,6\n7,8\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("CSV text line 3: a quoted field is not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_that_swallows_separators_is_reported_as_the_quote_not_a_field_count()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a,b,c\n1,2,3\n4,\"x,5\n6,7,8\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("CSV text line 3: a quoted field is not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_quote_inside_a_quoted_field_is_malformed()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a\n\"x\"y\"\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void A_column_named_twice_in_the_header_is_malformed()
    {
        var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Parse("a,b,a\n1,2,3\n"));

        Assert.Equal(1, error.LineNumber);
        Assert.Equal("CSV text line 1: the header names column 'a' twice.", error.Message);
    }

    [Fact]
    public void A_declared_column_that_is_absent_is_a_missing_column()
    {
        var error = Assert.Throws<MissingColumnException>(() => CsvTable.Parse("a,b\n1,2\n", new CsvOptions
        {
            ColumnTypes = new Dictionary<string, ColumnType> { ["label"] = ColumnType.String },
        }));

        Assert.Equal("label", error.Column);
        Assert.Equal("CSV text: no column 'label' (declared in the schema); the columns are 'a', 'b'.", error.Message);
    }

    [Fact]
    public void A_value_that_does_not_fit_its_declared_type_names_line_column_and_value()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["n"] = ColumnType.Int64 } };

        var error = Assert.Throws<ColumnTypeMismatchException>(() => CsvTable.Parse("id,n\na,1\nb,2.5\n", options));

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("CSV text line 3: column 'n' is declared long, but the value is '2.5'.", error.Message);
    }

    [Fact]
    public void Errors_are_Repro_exceptions_so_the_command_line_reports_them_in_one_line()
    {
        Assert.IsAssignableFrom<ReproException>(Assert.ThrowsAny<DataInputException>(() => CsvTable.Parse("a\n\"x")));
    }

    [Fact]
    public void Loading_a_file_names_the_file_in_errors_and_reads_as_parsing_does()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("repro-data-").FullName, "data.csv");
        try
        {
            File.WriteAllText(path, "\uFEFFid,x\n1,\"a\"\n2,b\n");
            var loaded = CsvTable.Load(path);
            File.WriteAllText(path, "id,x\n1,a\n2,b,c\n");

            var error = Assert.Throws<MalformedCsvException>(() => CsvTable.Load(path));

            Assert.Equal(CsvTable.Parse("id,x\n1,a\n2,b\n").Fingerprint, loaded.Fingerprint);
            Assert.Equal(path, loaded.Source);
            Assert.StartsWith($"{path} line 3: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_does_not_exist_is_a_data_input_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "repro-no-such-dir", "missing.csv");

        var error = Assert.Throws<DataInputException>(() => CsvTable.Load(path));

        Assert.StartsWith($"{path}: cannot be read: ", error.Message, StringComparison.Ordinal);
    }

    private static List<string?> Strings(Column column) => [.. ((StringColumn)column).Values];
}
