using System.Buffers.Binary;
using System.Text;
using Blake3;
using Repro.Data;
using Repro.Data.Splits;

namespace Repro.Tests.Data.Splits;

public sealed class SplitAssignmentTests
{
    [Fact]
    public void Key_digest_is_BLAKE3_over_the_sorted_length_prefixed_keys()
    {
        var table = CsvTable.Parse("id\nb\né\na\n10\n9\n");

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", Folds = FoldLayout.Create(["all", "none"], [0.999999999, 0.000000001]) });

        var all = split.Folds.Single(f => f.Rows == 5);
        var bytes = new List<byte>();
        foreach (var key in new[] { "10", "9", "a", "b", "é" })
        {
            var utf8 = Encoding.UTF8.GetBytes(key);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)utf8.Length);
            bytes.AddRange(length);
            bytes.AddRange(utf8);
        }

        Assert.Equal("blake3:" + Convert.ToHexStringLower(Hasher.Hash(bytes.ToArray()).AsSpan()), all.KeyDigest);
    }

    [Fact]
    public void An_empty_fold_has_the_digest_of_no_keys()
    {
        var split = SplitAssignment.Create(CsvTable.Parse("id\na\n"), new SplitOptions { KeyColumn = "id", Folds = FoldLayout.KFold(2) });

        Assert.Contains(split.Folds, f => f.Rows == 0 && f.KeyDigest == "blake3:" + Convert.ToHexStringLower(Hasher.Hash([]).AsSpan()));
    }

    [Fact]
    public void Rows_of_a_fold_and_its_table_hold_the_fold_rows_in_table_order()
    {
        var table = SplitTestData.Labelled(("a", 30), ("b", 20));
        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", StratifyColumn = "label" });

        var rows = split.RowsOf("validation");
        var fold = split.TableOf("validation");

        Assert.Equal(rows.Order(), rows);
        Assert.Equal(rows.Count, fold.RowCount);
        Assert.Equal(rows.Select(r => (long)r), ((Int64Column)fold["id"]).Values.ToArray());
        Assert.Equal(50, split.Folds.Sum(f => f.Rows));
    }

    [Fact]
    public void A_missing_key_names_its_line()
    {
        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(CsvTable.Parse("id,x\n1,a\n,b\n"), new SplitOptions { KeyColumn = "id" }));

        Assert.Equal("CSV text line 3: the key column 'id' has no value.", error.Message);
    }

    [Fact]
    public void A_repeated_key_names_both_lines()
    {
        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(CsvTable.Parse("id\n1\n2\n1\n"), new SplitOptions { KeyColumn = "id" }));

        Assert.Equal("CSV text: key '1' of column 'id' is on line 2 and line 4; each example needs its own key (to keep rows together, split by a group column).", error.Message);
    }

    [Fact]
    public void A_missing_stratify_value_names_its_line()
    {
        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(CsvTable.Parse("id,label\n1,a\n2,NA\n"), new SplitOptions { KeyColumn = "id", StratifyColumn = "label" }));

        Assert.Equal("CSV text line 3: the stratify column 'label' has no value.", error.Message);
    }

    [Fact]
    public void An_absent_column_is_a_missing_column_naming_its_purpose()
    {
        var error = Assert.Throws<MissingColumnException>(() => SplitAssignment.Create(CsvTable.Parse("id\n1\n"), new SplitOptions { KeyColumn = "id", GroupColumn = "user" }));

        Assert.Equal("CSV text: no column 'user' (group); the columns are 'id'.", error.Message);
    }

    [Fact]
    public void Choosing_two_methods_is_an_error()
    {
        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(
            SplitTestData.Labelled(("a", 3)), new SplitOptions { KeyColumn = "id", StratifyColumn = "label", TimeColumn = "id" }));

        Assert.Equal("Choose one of stratify, group and time: a split uses at most one of them.", error.Message);
    }

    [Fact]
    public void A_label_column_adds_class_counts_to_any_method()
    {
        var table = SplitTestData.Labelled(("a", 60), ("b", 40));

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", LabelColumn = "label" });

        Assert.Equal(SplitMethod.Hash, split.Method);
        Assert.All(split.Folds, f => Assert.Equal(f.Rows, f.ClassCounts.Values.Sum()));
        Assert.Equal(60, split.Folds.Sum(f => f.ClassCounts["a"]));
    }
}
