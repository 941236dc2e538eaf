using System.Globalization;
using System.Text;
using Repro.Data;

namespace Repro.Tests.Data.Splits;

/// <summary>Small tables for split tests, built as CSV so row lines are known.</summary>
internal static class SplitTestData
{
    /// <summary>A table with columns id (long) and label (string): <paramref name="perClass"/> examples of each class, ids from 0.</summary>
    public static Table Labelled(params (string Label, int Count)[] perClass)
    {
        var csv = new StringBuilder("id,label\n");
        var id = 0;
        foreach (var (label, count) in perClass)
        {
            for (var i = 0; i < count; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{id++},{label}\n");
            }
        }

        return CsvTable.Parse(csv.ToString());
    }

    /// <summary>A table with a single long key column, keys from..to-1.</summary>
    public static Table Keys(int from, int to) =>
        CsvTable.Parse("id\n" + string.Concat(Enumerable.Range(from, to - from).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}\n"))));

    /// <summary>The fold name of every key of a split.</summary>
    public static Dictionary<string, string> FoldByKey(Repro.Data.Splits.SplitAssignment split, string keyColumn = "id")
    {
        var keys = split.Table[keyColumn];
        return Enumerable.Range(0, split.Table.RowCount)
            .ToDictionary(row => keys.FormatValue(row)!, row => split.Options.Folds.Names[split.FoldOf(row)], StringComparer.Ordinal);
    }
}
