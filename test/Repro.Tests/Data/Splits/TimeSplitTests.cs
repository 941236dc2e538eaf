using Repro.Data;
using Repro.Data.Splits;

namespace Repro.Tests.Data.Splits;

public sealed class TimeSplitTests
{
    [Fact]
    public void Train_comes_before_validation_before_test()
    {
        var table = CsvTable.Parse("id,t\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"k{i},{(i * 31) % 50}\n")));

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", TimeColumn = "t" });

        var times = (Int64Column)table["t"];
        long[] Times(string fold) => [.. split.RowsOf(fold).Select(row => times[row]!.Value)];
        Assert.True(Times("train").Max() < Times("validation").Min());
        Assert.True(Times("validation").Max() < Times("test").Min());
        Assert.Equal([40, 5, 5], split.Folds.Select(f => f.Rows));
    }

    [Fact]
    public void Fold_sizes_follow_the_largest_remainder_rule()
    {
        // 11 x (0.8, 0.1, 0.1) = 8.8, 1.1, 1.1: floors 8, 1, 1 and the one leftover to the largest remainder.
        var table = CsvTable.Parse("id,t\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"{i},{i}\n")));

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", TimeColumn = "t" });

        Assert.Equal([9, 1, 1], split.Folds.Select(f => f.Rows));
    }

    [Fact]
    public void Equal_times_are_ordered_by_key()
    {
        var table = CsvTable.Parse("id,t\nd,1\nc,1\nb,1\na,1\ne,0\n");

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", TimeColumn = "t", Folds = FoldLayout.FromFractions(0.6, 0.4) });

        Assert.Equal(["a", "b", "e"], Keys(split, "train"));
        Assert.Equal(["c", "d"], Keys(split, "test"));
    }

    [Fact]
    public void ISO_8601_times_are_compared_as_instants()
    {
        var table = CsvTable.Parse("id,t\n1,2024-01-02T00:00:00+02:00\n2,2024-01-01T23:00:00Z\n3,2024-01-01\n");

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", TimeColumn = "t", Folds = FoldLayout.KFold(3) });

        // 22:00Z, 23:00Z and 00:00Z: as text, the first would sort last.
        Assert.Equal([1, 2, 0], Enumerable.Range(0, 3).Select(split.FoldOf));
    }

    [Fact]
    public void A_time_that_is_not_a_time_names_its_line()
    {
        var table = CsvTable.Parse("id,t\n1,2024-01-01\n2,soon\n");

        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", TimeColumn = "t" }));

        Assert.Equal("CSV text line 3: the time column 't' has 'soon', which is not a number or an ISO 8601 date and time.", error.Message);
    }

    [Fact]
    public void A_missing_time_names_its_line()
    {
        var table = CsvTable.Parse("id,t\n1,5\n2,\n");

        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", TimeColumn = "t" }));

        Assert.Equal("CSV text line 3: the time column 't' has no value.", error.Message);
    }

    private static string[] Keys(SplitAssignment split, string fold)
    {
        var keys = split.Table["id"];
        return [.. split.RowsOf(fold).Select(row => keys.FormatValue(row)!).Order(StringComparer.Ordinal)];
    }
}
