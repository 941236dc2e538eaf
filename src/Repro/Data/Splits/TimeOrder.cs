using System.Globalization;

namespace Repro.Data.Splits;

/// <summary>Rows sorted by a time column, earliest first, ties by key (ordinal).</summary>
internal static class TimeOrder
{
    /// <exception cref="InvalidSplitException">A time value is missing, NaN, not ISO 8601 text, or the column is boolean.</exception>
    public static int[] Rows(Table table, string columnName, string[] keys)
    {
        var column = table.Require(columnName, "time");
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        for (var row = 0; row < table.RowCount; row++)
        {
            if (column.IsMissing(row))
            {
                throw new InvalidSplitException($"{table.Source} {table.DescribeRow(row)}: the time column '{columnName}' has no value.");
            }
        }

        switch (column)
        {
            case Int64Column integers:
                var longs = integers.Values.ToArray();
                Array.Sort(rows, (a, b) => Tie(longs[a].CompareTo(longs[b]), a, b, keys));
                break;
            case DoubleColumn numbers:
                var doubles = numbers.Values.ToArray();
                var nan = Array.FindIndex(doubles, double.IsNaN);
                if (nan >= 0)
                {
                    throw new InvalidSplitException($"{table.Source} {table.DescribeRow(nan)}: the time column '{columnName}' is NaN.");
                }

                Array.Sort(rows, (a, b) => Tie(doubles[a].CompareTo(doubles[b]), a, b, keys));
                break;
            case StringColumn texts:
                var ticks = new long[table.RowCount];
                for (var row = 0; row < ticks.Length; row++)
                {
                    if (!DateTimeOffset.TryParse(texts[row], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                    {
                        throw new InvalidSplitException($"{table.Source} {table.DescribeRow(row)}: the time column '{columnName}' has '{texts[row]}', which is not a number or an ISO 8601 date and time.");
                    }

                    ticks[row] = time.UtcTicks;
                }

                Array.Sort(rows, (a, b) => Tie(ticks[a].CompareTo(ticks[b]), a, b, keys));
                break;
            default:
                throw new InvalidSplitException($"The time column '{columnName}' is {column.Type.ToName()}; it must hold numbers or ISO 8601 dates and times.");
        }

        return rows;
    }

    private static int Tie(int byTime, int a, int b, string[] keys) => byTime != 0 ? byTime : string.CompareOrdinal(keys[a], keys[b]);
}
