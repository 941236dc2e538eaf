using System.Globalization;

namespace Repro.Data.Splits;

/// <summary>
/// A deterministic assignment of a table's examples to folds, with a summary of each fold (rows, rows
/// per class, digest of its keys). The same table, options and salt give the same assignment on every
/// machine and in every process. Make one with <see cref="Create"/>; record it with
/// <c>run.LogSplit(name, split)</c>.
/// </summary>
public sealed class SplitAssignment
{
    private readonly int[] _foldOfRow;
    private readonly int[][] _rowsOfFold;

    private SplitAssignment(Table table, SplitOptions options, SplitMethod method, int[] foldOfRow, string[] keys, string[]? labels)
    {
        Table = table;
        Options = options;
        Method = method;
        _foldOfRow = foldOfRow;
        var layout = options.Folds;
        var rowsOfFold = Enumerable.Range(0, layout.Count).Select(_ => new List<int>()).ToArray();
        for (var row = 0; row < foldOfRow.Length; row++)
        {
            rowsOfFold[foldOfRow[row]].Add(row);
        }

        _rowsOfFold = [.. rowsOfFold.Select(r => r.ToArray())];
        var classes = labels is null ? [] : labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Folds = [.. Enumerable.Range(0, layout.Count).Select(f => new SplitFold(
            layout.Names[f],
            layout.Fractions[f],
            _rowsOfFold[f].Length,
            CountClasses(_rowsOfFold[f], labels, classes),
            KeyListDigest.Of(_rowsOfFold[f].Select(row => keys[row]))))];
    }

    /// <summary>The table that was split.</summary>
    public Table Table { get; }

    /// <summary>The options the split was made with.</summary>
    public SplitOptions Options { get; }

    /// <summary>The method the options selected.</summary>
    public SplitMethod Method { get; }

    /// <summary>Each fold's name, target fraction, size, class counts and key digest, in fold order.</summary>
    public IReadOnlyList<SplitFold> Folds { get; }

    /// <summary>
    /// Splits a table. See <see cref="SplitMethod"/> for what each method guarantees, and
    /// <see cref="HashSplit"/> for the hash.
    /// </summary>
    /// <exception cref="MissingColumnException">A column named in the options is not in the table.</exception>
    /// <exception cref="InvalidSplitException">The table is empty; a key is missing or repeated; a stratify, group,
    /// label or time value is missing; a time value is not a number or ISO 8601 time; fewer groups than folds;
    /// more than one method chosen.</exception>
    public static SplitAssignment Create(Table table, SplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var method = options.Method;
        if (table.RowCount == 0)
        {
            throw new InvalidSplitException($"{table.Source}: has no rows to split.");
        }

        var keys = RequiredText(table, options.KeyColumn, "key");
        RequireDistinct(table, keys, options.KeyColumn);
        var labelColumn = options.CountedLabelColumn;
        var labels = labelColumn is null ? null : RequiredText(table, labelColumn, options.StratifyColumn is null ? "label" : "stratify");
        var salt = options.Salt ?? "";
        var folds = options.Folds ?? throw new ArgumentException("The options have no folds.", nameof(options));

        int[] assignment;
        switch (method)
        {
            case SplitMethod.Stratified:
                assignment = FoldAllocation.Stratified(keys, Hashes(keys, salt), labels!, folds);
                break;
            case SplitMethod.Group:
                assignment = FoldAllocation.Group(RequiredText(table, options.GroupColumn!, "group"), folds, salt, options.GroupColumn!);
                break;
            case SplitMethod.Time:
                assignment = FoldAllocation.Time(TimeOrder.Rows(table, options.TimeColumn!, keys), folds);
                break;
            default:
                assignment = FoldAllocation.Hash(Hashes(keys, salt), folds);
                break;
        }

        return new SplitAssignment(table, options, method, assignment, keys, labels);
    }

    /// <summary>The fold index of a row.</summary>
    public int FoldOf(int row) => _foldOfRow[row];

    /// <summary>The rows of a fold, in table order.</summary>
    /// <exception cref="ArgumentException">No fold has this name.</exception>
    public IReadOnlyList<int> RowsOf(string fold) => _rowsOfFold[IndexOf(fold)];

    /// <summary>The rows of a fold as a table of their own, in table order.</summary>
    /// <exception cref="ArgumentException">No fold has this name.</exception>
    public Table TableOf(string fold) => Table.SelectRows(_rowsOfFold[IndexOf(fold)]);

    /// <summary>
    /// The rows of a fold in the order of an epoch: <see cref="EpochShuffle"/> of the fold's rows, different
    /// for every epoch, the same on every replay of (seed, epoch).
    /// </summary>
    /// <exception cref="ArgumentException">No fold has this name.</exception>
    public int[] Shuffle(string fold, ulong seed, int epoch) => EpochShuffle.Shuffle(_rowsOfFold[IndexOf(fold)], seed, epoch);

    private int IndexOf(string fold)
    {
        var index = Options.Folds.IndexOf(fold);
        return index >= 0 ? index : throw new ArgumentException($"No fold named '{fold}'; the folds are {string.Join(", ", Options.Folds.Names)}.", nameof(fold));
    }

    private static ulong[] Hashes(string[] keys, string salt) => [.. keys.Select(k => HashSplit.Hash(salt, k))];

    /// <summary>A column's values as text (<see cref="Column.FormatValue"/>), every one present.</summary>
    private static string[] RequiredText(Table table, string columnName, string purpose)
    {
        var column = table.Require(columnName, purpose);
        var values = new string[table.RowCount];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = column.FormatValue(row)
                ?? throw new InvalidSplitException($"{table.Source} {table.DescribeRow(row)}: the {purpose} column '{columnName}' has no value.");
        }

        return values;
    }

    private static void RequireDistinct(Table table, string[] keys, string column)
    {
        var firstRow = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var row = 0; row < keys.Length; row++)
        {
            if (!firstRow.TryAdd(keys[row], row))
            {
                throw new InvalidSplitException(
                    $"{table.Source}: key '{keys[row]}' of column '{column}' is on {table.DescribeRow(firstRow[keys[row]])} and {table.DescribeRow(row)}; "
                    + "each example needs its own key (to keep rows together, split by a group column).");
            }
        }
    }

    private static SortedDictionary<string, int> CountClasses(int[] rows, string[]? labels, string[] classes)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var label in classes)
        {
            counts[label] = 0;
        }

        if (labels is not null)
        {
            foreach (var row in rows)
            {
                counts[labels[row]]++;
            }
        }

        return counts;
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
