using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Repro.Data;

/// <summary>
/// An immutable, typed, columnar table held in memory: the dataset that splits and recordings work on.
/// Load one from CSV with <see cref="CsvTable"/>, or build one from columns.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, Column> _byName;
    private readonly int[]? _sourceLines;
    private string? _fingerprint;

    /// <summary>Creates a table from columns of equal length and distinct names.</summary>
    /// <param name="columns">The columns, in order.</param>
    /// <param name="source">Where the data came from (a file path), for messages; null for "table".</param>
    /// <exception cref="ArgumentException">No columns, lengths differ, or two columns share a name.</exception>
    public Table(IReadOnlyList<Column> columns, string? source = null)
        : this(columns, source, null)
    {
    }

    internal Table(IReadOnlyList<Column> columns, string? source, int[]? sourceLines)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        _byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (column.Count != columns[0].Count)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Count} rows, column '{columns[0].Name}' has {columns[0].Count}.", nameof(columns));
            }

            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Two columns are named '{column.Name}'.", nameof(columns));
            }
        }

        Columns = [.. columns];
        Schema = [.. columns.Select(c => c.Definition)];
        RowCount = columns[0].Count;
        Source = source ?? "table";
        _sourceLines = sourceLines;
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>The names and types of the columns, in order.</summary>
    public IReadOnlyList<ColumnDefinition> Schema { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Where the data came from: the path a CSV was loaded from, "CSV text", or "table".</summary>
    public string Source { get; }

    /// <summary>
    /// The dataset fingerprint: <c>blake3:</c> + 64 hex characters, the BLAKE3 digest of the table's
    /// canonical encoding. It covers the whole content (every cell of every row, in order) and the
    /// schema, and nothing else: not the source's formatting, quoting, line endings or number spelling.
    /// Computed on first use, then cached.
    /// </summary>
    /// <remarks>
    /// <para>The canonical encoding, all integers little-endian:</para>
    /// <list type="number">
    /// <item>the 14 ASCII bytes <c>repro.table.v1</c> and a zero byte;</item>
    /// <item>the column count (uint32); per column, its type code (one byte: 1 long, 2 double, 3 bool, 4 string) and its name (uint32 UTF-8 byte count, then the UTF-8 bytes);</item>
    /// <item>the row count (int64);</item>
    /// <item>each row in order, each cell in column order: one byte, 0 when missing (nothing follows) or 1,
    /// then the value: long as int64; double as its IEEE 754 bits (int64), every NaN as 0x7FF8000000000000,
    /// -0.0 distinct from 0.0; bool as one byte 0 or 1; string as uint32 UTF-8 byte count then the bytes.</item>
    /// </list>
    /// <para>So "1.50" and "1.5" in a double column, <c>"a"</c> and <c>a</c>, CRLF and LF files give the same fingerprint;
    /// changing any value, the row order, a column name or a column's type changes it.</para>
    /// </remarks>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    /// <summary>The column with this name (case-sensitive).</summary>
    /// <exception cref="MissingColumnException">No such column; the message lists the columns.</exception>
    public Column this[string name] => TryGetColumn(name, out var column)
        ? column
        : throw new MissingColumnException(Source, name, [.. Schema.Select(c => c.Name)]);

    /// <summary>The column with this name, if there is one.</summary>
    public bool TryGetColumn(string name, [NotNullWhen(true)] out Column? column) => _byName.TryGetValue(name, out column);

    /// <summary>The column with this name, for a purpose named in the error.</summary>
    /// <exception cref="MissingColumnException">No such column.</exception>
    internal Column Require(string name, string purpose) => TryGetColumn(name, out var column)
        ? column
        : throw new MissingColumnException(Source, name, [.. Schema.Select(c => c.Name)], purpose);

    /// <summary>A table of the given rows, in the given order (rows may repeat), with the same schema.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside the table.</exception>
    public Table SelectRows(ReadOnlySpan<int> rows)
    {
        int[]? lines = _sourceLines is null ? null : new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rows[i], nameof(rows));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rows[i], RowCount, nameof(rows));
            if (lines is not null)
            {
                lines[i] = _sourceLines![rows[i]];
            }
        }

        var columns = new Column[Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = Columns[c].Select(rows);
        }

        return new Table(columns, Source, lines);
    }

    /// <summary>Where a row came from, for messages: "line 7" for a CSV row, else "row 6" (0-based).</summary>
    internal string DescribeRow(int row) => _sourceLines is null
        ? string.Create(CultureInfo.InvariantCulture, $"row {row}")
        : string.Create(CultureInfo.InvariantCulture, $"line {_sourceLines[row]}");

    private string ComputeFingerprint()
    {
        using var encoder = new CanonicalEncoder();
        foreach (var b in "repro.table.v1"u8)
        {
            encoder.WriteByte(b);
        }

        encoder.WriteByte(0);
        encoder.WriteUInt32((uint)Columns.Count);
        foreach (var column in Columns)
        {
            encoder.WriteByte((byte)column.Type);
            encoder.WriteString(column.Name);
        }

        encoder.WriteInt64(RowCount);
        for (var row = 0; row < RowCount; row++)
        {
            foreach (var column in Columns)
            {
                column.Encode(row, encoder);
            }
        }

        return encoder.Finish();
    }
}
