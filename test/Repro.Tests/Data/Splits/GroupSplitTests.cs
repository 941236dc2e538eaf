using System.Text;
using Repro.Data;
using Repro.Data.Splits;

namespace Repro.Tests.Data.Splits;

public sealed class GroupSplitTests
{
    [Fact]
    public void Groups_never_straddle_folds()
    {
        var table = Grouped(Enumerable.Range(0, 40).Select(g => ($"user{g}", 1 + (g % 7))).ToArray());

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", GroupColumn = "group", Folds = FoldLayout.KFold(5) });

        var groups = (StringColumn)table["group"];
        var foldsPerGroup = Enumerable.Range(0, table.RowCount)
            .GroupBy(row => groups[row])
            .Select(g => g.Select(split.FoldOf).Distinct().Count());
        Assert.All(foldsPerGroup, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Largest_groups_go_first_to_the_emptiest_fold()
    {
        // Sizes 5, 4, 3, 3, 2, 2, 1 into 3 folds: 5 -> f0, 4 -> f1, 3 -> f2, 3 -> f2, 2 -> f1, 2 -> f0, 1 -> f1.
        var table = Grouped(("a", 5), ("b", 4), ("c", 3), ("d", 3), ("e", 2), ("f", 2), ("g", 1));

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", GroupColumn = "group", Folds = FoldLayout.KFold(3) });

        Assert.Equal([7, 7, 6], split.Folds.Select(f => f.Rows));
    }

    [Fact]
    public void Group_split_toward_unequal_fractions_stays_near_them()
    {
        var table = Grouped(Enumerable.Range(0, 200).Select(g => ($"g{g}", 1 + (g % 4))).ToArray());

        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", GroupColumn = "group", Folds = FoldLayout.FromFractions(0.8, 0.1, 0.1) });

        Assert.InRange(split.Folds[0].Rows, 400 - 4, 400 + 4);
        Assert.InRange(split.Folds[1].Rows, 50 - 4, 50 + 4);
        Assert.InRange(split.Folds[2].Rows, 50 - 4, 50 + 4);
    }

    [Fact]
    public void Group_split_is_independent_of_row_order()
    {
        var table = Grouped(Enumerable.Range(0, 30).Select(g => ($"g{g}", 1 + (g % 3))).ToArray());
        var reversed = table.SelectRows([.. Enumerable.Range(0, table.RowCount).Reverse()]);
        var options = new SplitOptions { KeyColumn = "id", GroupColumn = "group", Folds = FoldLayout.KFold(4) };

        Assert.Equal(
            SplitTestData.FoldByKey(SplitAssignment.Create(table, options)),
            SplitTestData.FoldByKey(SplitAssignment.Create(reversed, options)));
    }

    [Fact]
    public void Fewer_groups_than_folds_is_an_error()
    {
        var table = Grouped(("a", 3), ("b", 2));

        var error = Assert.Throws<InvalidSplitException>(() => SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", GroupColumn = "group", Folds = FoldLayout.KFold(3) }));

        Assert.Equal("The group column 'group' has 2 distinct values, fewer than the 3 folds: every fold needs at least one group.", error.Message);
    }

    private static Table Grouped(params (string Group, int Size)[] groups)
    {
        var csv = new StringBuilder("id,group\n");
        var id = 0;
        foreach (var (group, size) in groups)
        {
            for (var i = 0; i < size; i++)
            {
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{id++},{group}\n");
            }
        }

        return CsvTable.Parse(csv.ToString());
    }
}
