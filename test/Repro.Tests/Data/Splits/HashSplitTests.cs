using System.Buffers.Binary;
using System.Text;
using Blake3;
using Repro.Data;
using Repro.Data.Splits;

namespace Repro.Tests.Data.Splits;

public sealed class HashSplitTests
{
    [Fact]
    public void Hash_is_BLAKE3_of_the_length_prefixed_salt_then_the_key()
    {
        var input = new byte[] { 4, 0, 0, 0 }.Concat(Encoding.UTF8.GetBytes("salt")).Concat(Encoding.UTF8.GetBytes("kéy")).ToArray();
        var expected = BinaryPrimitives.ReadUInt64LittleEndian(Hasher.Hash(input).AsSpan());

        Assert.Equal(expected, HashSplit.Hash("salt", "kéy"));
        Assert.Equal((expected >> 11) / 9007199254740992.0, HashSplit.UnitValue("salt", "kéy"));
    }

    [Fact]
    public void Salt_and_key_are_not_confused_by_moving_characters_between_them()
    {
        Assert.NotEqual(HashSplit.Hash("ab", "c"), HashSplit.Hash("a", "bc"));
    }

    [Fact]
    public void A_key_falls_in_the_fold_whose_cumulative_range_holds_its_unit_value()
    {
        var folds = FoldLayout.FromFractions(0.8, 0.1, 0.1);

        foreach (var key in Enumerable.Range(0, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            var unit = HashSplit.UnitValue("s", key);
            var expected = unit < 0.8 ? 0 : unit < 0.9 ? 1 : 2;
            Assert.Equal(expected, HashSplit.FoldOf("s", key, folds));
        }
    }

    [Fact]
    public void Existing_keys_keep_their_fold_when_rows_are_added()
    {
        var before = SplitAssignment.Create(SplitTestData.Keys(0, 1000), new SplitOptions { KeyColumn = "id", Salt = "v1" });
        var after = SplitAssignment.Create(SplitTestData.Keys(0, 3000), new SplitOptions { KeyColumn = "id", Salt = "v1" });

        var beforeFolds = SplitTestData.FoldByKey(before);
        var afterFolds = SplitTestData.FoldByKey(after);

        Assert.All(beforeFolds, pair => Assert.Equal(pair.Value, afterFolds[pair.Key]));
    }

    [Fact]
    public void Split_is_stable_when_rows_are_reordered()
    {
        var table = SplitTestData.Keys(0, 500);
        var reversed = table.SelectRows([.. Enumerable.Range(0, 500).Reverse()]);

        var forward = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id" });
        var backward = SplitAssignment.Create(reversed, new SplitOptions { KeyColumn = "id" });

        Assert.Equal(SplitTestData.FoldByKey(forward), SplitTestData.FoldByKey(backward));
        Assert.Equal(forward.Folds.Select(f => f.KeyDigest), backward.Folds.Select(f => f.KeyDigest));
        Assert.Equal(forward.Folds.Select(f => f.Rows), backward.Folds.Select(f => f.Rows));
    }

    [Fact]
    public void Fold_sizes_follow_the_fractions_on_average()
    {
        var split = SplitAssignment.Create(SplitTestData.Keys(0, 20000), new SplitOptions { KeyColumn = "id" });

        Assert.InRange(split.Folds[0].Rows, 15700, 16300);
        Assert.InRange(split.Folds[1].Rows, 1850, 2150);
        Assert.InRange(split.Folds[2].Rows, 1850, 2150);
        Assert.Equal(20000, split.Folds.Sum(f => f.Rows));
    }

    [Fact]
    public void Another_salt_gives_another_split()
    {
        var table = SplitTestData.Keys(0, 200);

        var first = SplitTestData.FoldByKey(SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", Salt = "a" }));
        var second = SplitTestData.FoldByKey(SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", Salt = "b" }));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void String_keys_and_integer_keys_with_the_same_text_land_in_the_same_fold()
    {
        var numbers = SplitAssignment.Create(SplitTestData.Keys(0, 100), new SplitOptions { KeyColumn = "id" });
        var texts = SplitAssignment.Create(
            CsvTable.Parse("id\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i}\n")), new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["id"] = ColumnType.String } }),
            new SplitOptions { KeyColumn = "id" });

        Assert.Equal(SplitTestData.FoldByKey(numbers), SplitTestData.FoldByKey(texts));
    }
}
