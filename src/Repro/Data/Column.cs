namespace Repro.Data;

/// <summary>
/// One column of a <see cref="Table"/>: a name, a type and one value per row, any of which may be
/// missing. Missing values are explicit (<see cref="IsMissing"/>), never a sentinel: a NaN read from
/// "NaN" is a value, an empty field is missing. Immutable.
/// </summary>
/// <remarks>The concrete types are <see cref="Int64Column"/>, <see cref="DoubleColumn"/>, <see cref="BooleanColumn"/> and <see cref="StringColumn"/>.</remarks>
public abstract class Column
{
    private readonly bool[]? _missing;

    private protected Column(string name, ColumnType type, int count, bool[]? missing)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Type = type;
        Count = count;
        if (missing is not null && Array.IndexOf(missing, true) >= 0)
        {
            _missing = missing;
            MissingCount = missing.Count(m => m);
        }
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The type of the values.</summary>
    public ColumnType Type { get; }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>How many rows have no value.</summary>
    public int MissingCount { get; }

    /// <summary>The name and type, as in the table's schema.</summary>
    public ColumnDefinition Definition => new(Name, Type);

    /// <summary>True when row <paramref name="row"/> has no value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside the column.</exception>
    public bool IsMissing(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Column '{Name}' has {Count} rows.");
        }

        return _missing is not null && _missing[row];
    }

    /// <summary>
    /// The value of a row as canonical text, or null when missing: integers in invariant decimal,
    /// doubles in the shortest text that round-trips ("R"), booleans as <c>true</c>/<c>false</c>, strings as they are.
    /// Splits use it to turn key, group and class columns of any type into text.
    /// </summary>
    public abstract string? FormatValue(int row);

    /// <summary>A column of the given rows, in the given order (rows may repeat).</summary>
    internal abstract Column Select(ReadOnlySpan<int> rows);

    /// <summary>Appends row <paramref name="row"/>'s presence byte and value to the canonical encoding (see <see cref="Table.Fingerprint"/>).</summary>
    internal abstract void Encode(int row, CanonicalEncoder encoder);

    /// <summary>The missing flags of the given rows, or null when none of them is missing.</summary>
    private protected bool[]? SelectMissing(ReadOnlySpan<int> rows)
    {
        if (_missing is null)
        {
            return null;
        }

        var selected = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = _missing[rows[i]];
        }

        return selected;
    }

    /// <summary>Missing flags from nullable values: null where none is missing.</summary>
    private protected static bool[]? MissingOf<T>(IReadOnlyList<T?> values) where T : struct
    {
        bool[]? missing = null;
        for (var i = 0; i < values.Count; i++)
        {
            if (!values[i].HasValue)
            {
                missing ??= new bool[values.Count];
                missing[i] = true;
            }
        }

        return missing;
    }
}
