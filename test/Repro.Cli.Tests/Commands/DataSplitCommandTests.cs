using System.Globalization;
using System.Text;
using Repro.Cli.Tests.Support;
using Repro.Data;
using Repro.Data.Splits;

namespace Repro.Cli.Tests.Commands;

public sealed class DataSplitCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Without_out_the_split_is_summarised_and_nothing_is_written()
    {
        WriteData("data.csv", Labelled(100));

        var result = _cli.Run("data", "split", "data.csv", "--key", "id");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var table = CsvTable.Load(Path.Combine(_cli.Folder, "data.csv"));
        Assert.Equal($"data.csv: 100 rows, 3 columns, fingerprint {table.Fingerprint}", result.OutputLines[0]);
        Assert.Equal("Split by hash, key 'id', salt ''", result.OutputLines[1]);
        Assert.Equal("fold\trows\tkey_digest", result.OutputLines[2]);
        var expected = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id" });
        Assert.Equal(
            expected.Folds.Select(f => $"{f.Name}\t{f.Rows}\t{f.KeyDigest}"),
            result.OutputLines.Skip(3));
        Assert.Equal(["data.csv"], Directory.GetFileSystemEntries(_cli.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Out_writes_each_fold_with_the_header_and_its_rows_as_they_were()
    {
        WriteData("data.csv", "id,label,text\r\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{i},{(i % 3 == 0 ? "a" : "b")},\"x,{i}\"\r\n")));

        var result = _cli.Run("data", "split", "data.csv", "--key", "id", "--stratify", "label", "--out", "folds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Wrote folds/train.csv, folds/validation.csv, folds/test.csv", result.OutputLines[^1]);
        var sourceLines = File.ReadAllText(Path.Combine(_cli.Folder, "data.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var written = new[] { "train", "validation", "test" }
            .Select(name => File.ReadAllText(Path.Combine(_cli.Folder, "folds", name + ".csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.All(written, lines => Assert.Equal("id,label,text", lines[0]));
        Assert.Equal(sourceLines.Skip(1).Order(StringComparer.Ordinal), written.SelectMany(lines => lines.Skip(1)).Order(StringComparer.Ordinal));
        Assert.Equal([48, 6, 6], written.Select(lines => lines.Length - 1));
        Assert.Equal([16, 2, 2], written.Select(lines => lines.Count(l => l.Contains(",a,", StringComparison.Ordinal))));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_cli.Folder, "folds")), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void Folds_k_writes_fold_files_whose_keys_match_the_digests_printed()
    {
        WriteData("data.csv", Labelled(50));

        var result = _cli.Run("data", "split", "data.csv", "--key", "id", "--folds", "4", "--out", "cv", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        var folds = json.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(["fold_0", "fold_1", "fold_2", "fold_3"], folds.Select(f => f.GetProperty("name").GetString()));
        foreach (var fold in folds)
        {
            var file = fold.GetProperty("file").GetString()!;
            var table = CsvTable.Load(Path.Combine(_cli.Folder, file));
            var all = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", Folds = FoldLayout.Create(["all", "rest"], [0.9999999, 0.0000001]) });
            Assert.Equal(fold.GetProperty("rows").GetInt32(), table.RowCount);
            Assert.Equal(fold.GetProperty("key_digest").GetString(), all.Folds.Single(f => f.Rows == table.RowCount).KeyDigest);
        }

        Assert.Equal("cv", json.GetProperty("out").GetString());
    }

    [Fact]
    public void Json_describes_the_dataset_the_split_and_every_fold()
    {
        WriteData("data.csv", Labelled(40));

        var result = _cli.Run("data", "split", "data.csv", "--key", "id", "--stratify", "label", "--fractions", "0.5,0.5", "--salt", "s", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        var dataset = json.GetProperty("dataset");
        Assert.Equal("data.csv", dataset.GetProperty("path").GetString());
        Assert.Equal(40, dataset.GetProperty("rows").GetInt32());
        Assert.Equal(["id:long", "label:string", "x:double"], dataset.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("type").GetString()}"));
        var split = json.GetProperty("split");
        Assert.Equal("stratified", split.GetProperty("method").GetString());
        Assert.Equal("s", split.GetProperty("salt").GetString());
        Assert.Equal("label", split.GetProperty("label").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, split.GetProperty("group").ValueKind);
        var folds = json.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(["train", "test"], folds.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([7, 7], folds.Select(f => f.GetProperty("classes").GetProperty("pos").GetInt32()));
        Assert.Equal([13, 13], folds.Select(f => f.GetProperty("classes").GetProperty("neg").GetInt32()));
        Assert.All(folds, f => Assert.Equal(System.Text.Json.JsonValueKind.Null, f.GetProperty("file").ValueKind));
    }

    [Fact]
    public void Existing_examples_keep_their_fold_when_rows_are_added_and_reordered()
    {
        WriteData("v1.csv", Labelled(200));
        var grown = Labelled(260).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        WriteData("v2.csv", grown[0] + "\n" + string.Join('\n', grown.Skip(1).Reverse()) + "\n");

        Assert.Equal(0, _cli.Run("data", "split", "v1.csv", "--key", "id", "--out", "v1").ExitCode);
        Assert.Equal(0, _cli.Run("data", "split", "v2.csv", "--key", "id", "--out", "v2").ExitCode);

        foreach (var fold in new[] { "train", "validation", "test" })
        {
            var before = File.ReadAllLines(Path.Combine(_cli.Folder, "v1", fold + ".csv")).Skip(1);
            var after = File.ReadAllLines(Path.Combine(_cli.Folder, "v2", fold + ".csv")).Skip(1).ToHashSet();
            Assert.All(before, line => Assert.Contains(line, after));
        }
    }

    [Fact]
    public void Group_and_time_splits_are_available()
    {
        WriteData("data.csv", "id,user,day\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},u{i % 6},2024-01-{1 + i:00}\n")));

        var grouped = _cli.Run("data", "split", "data.csv", "--key", "id", "--group", "user", "--folds", "3", "--json");
        var timed = _cli.Run("data", "split", "data.csv", "--key", "id", "--time", "day", "--out", "t");

        Assert.Equal(0, grouped.ExitCode);
        Assert.Equal([10, 10, 10], grouped.Json().GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("rows").GetInt32()));
        Assert.Equal(0, timed.ExitCode);
        Assert.Equal("Split ordered by 'day', key 'id', salt ''", timed.OutputLines[1]);
        Assert.Equal(["27,u3,2024-01-28", "28,u4,2024-01-29", "29,u5,2024-01-30"], File.ReadAllLines(Path.Combine(_cli.Folder, "t", "test.csv")).Skip(1));
    }

    [Fact]
    public void In_a_terminal_the_summary_is_a_table_with_class_columns_and_short_digests()
    {
        WriteData("data.csv", Labelled(30));

        var result = _cli.RunInTerminal("data", "split", "data.csv", "--key", "id", "--stratify", "label");

        Assert.Equal(0, result.ExitCode);
        var header = result.OutputLines.Single(l => l.TrimStart().StartsWith("Fold", StringComparison.Ordinal));
        Assert.Contains("Rows", header, StringComparison.Ordinal);
        Assert.Contains("neg", header, StringComparison.Ordinal);
        Assert.Contains("pos", header, StringComparison.Ordinal);
        var train = result.OutputLines.Single(l => l.TrimStart().StartsWith("train", StringComparison.Ordinal));
        Assert.Matches(@"^train\s+24\s+16\s+8\s+blake3:[0-9a-f]{16}\s*$", train.Trim());
    }

    [Theory]
    [InlineData("missing.csv", new[] { "--key", "id" }, "repro: error: missing.csv: cannot be read: ")]
    [InlineData("bad.csv", new[] { "--key", "id" }, "repro: error: bad.csv line 4: expected 3 fields as in the header, found 2.")]
    [InlineData("data.csv", new[] { "--key", "nope" }, "repro: error: data.csv: no column 'nope' (key); the columns are 'id', 'label', 'x'.")]
    [InlineData("data.csv", new[] { "--key", "label" }, "repro: error: data.csv: key 'neg' of column 'label' is on line 3 and line 4; each example needs its own key")]
    [InlineData("data.csv", new[] { "--key", "id", "--fractions", "0.8,0.1", "--folds", "3" }, "repro: error: Use --fractions or --folds, not both.")]
    [InlineData("data.csv", new[] { "--key", "id", "--fractions", "0.8,x" }, "repro: error: Invalid --fractions '0.8,x': expected numbers separated by commas, such as 0.8,0.1,0.1.")]
    [InlineData("data.csv", new[] { "--key", "id", "--fractions", "0.8,0.1" }, "repro: error: The fractions 0.8, 0.1 sum to 0.9, not 1.")]
    [InlineData("data.csv", new[] { "--key", "id", "--folds", "1" }, "repro: error: The number of folds must be between 2 and 1000, not 1.")]
    [InlineData("data.csv", new[] { "--key", "id", "--stratify", "label", "--group", "label" }, "repro: error: Use one of --stratify, --group and --time.")]
    [InlineData("data.csv", new[] { "--key", "id", "--group", "label", "--folds", "5" }, "repro: error: The group column 'label' has 2 distinct values, fewer than the 5 folds")]
    [InlineData("data.csv", new[] { "--key", "id", "--time", "label" }, "repro: error: data.csv line 2: the time column 'label' has 'pos', which is not a number or an ISO 8601 date and time.")]
    [InlineData("empty.csv", new[] { "--key", "id" }, "repro: error: empty.csv: is empty (expected a header line, then one row per example).")]
    [InlineData("quote.csv", new[] { "--key", "id" }, "repro: error: quote.csv line 3: a quoted field is not closed")]
    public void Bad_input_is_one_clear_line_exit_1_and_nothing_written(string file, string[] options, string message)
    {
        WriteData("data.csv", Labelled(20));
        WriteData("bad.csv", "id,label,x\n1,a,1\n2,b,2\n3,c\n");
        WriteData("empty.csv", "");
        WriteData("quote.csv", "id,label,x\n1,a,1\n2,\"b,2\n3,c,3\n");

        var result = _cli.Run(["data", "split", file, .. options, "--out", "out"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cli.Folder, "out")));
    }

    [Fact]
    public void Out_naming_a_file_is_an_error_and_the_file_is_untouched()
    {
        WriteData("data.csv", Labelled(10));
        WriteData("taken", "keep");

        var result = _cli.Run("data", "split", "data.csv", "--key", "id", "--out", "taken");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("repro: error: --out taken is a file; give a folder.", Assert.Single(result.ErrorLines));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(_cli.Folder, "taken")));
    }

    [Fact]
    public void A_missing_key_option_is_a_usage_error()
    {
        WriteData("data.csv", Labelled(10));

        var result = _cli.Run("data", "split", "data.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("repro: error: ", StringComparison.Ordinal) && l.Contains("--key", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_command_writes_byte_identical_folds()
    {
        WriteData("data.csv", Labelled(80));

        _cli.Run("data", "split", "data.csv", "--key", "id", "--stratify", "label", "--salt", "x", "--out", "a");
        _cli.Run("data", "split", "data.csv", "--key", "id", "--stratify", "label", "--salt", "x", "--out", "b");

        foreach (var fold in new[] { "train", "validation", "test" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_cli.Folder, "a", fold + ".csv")), File.ReadAllBytes(Path.Combine(_cli.Folder, "b", fold + ".csv")));
        }
    }

    private void WriteData(string name, string content) => File.WriteAllText(Path.Combine(_cli.Folder, name), content);

    /// <summary>id (0..n-1), label (every third row "pos"), x (a double).</summary>
    private static string Labelled(int rows)
    {
        var csv = new StringBuilder("id,label,x\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{(i % 3 == 0 ? "pos" : "neg")},{i * 0.5}\n");
        }

        return csv.ToString();
    }
}
