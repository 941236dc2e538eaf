namespace Repro.Data;

/// <summary>A column of text.</summary>
public sealed class StringColumn : Column
{
    private readonly string?[] _values;

    /// <summary>Creates a column; a null element is a missing value (the empty string is a value).</summary>
    public StringColumn(string name, IEnumerable<string?> values)
        : this(name, Materialise(values))
    {
    }

    /// <summary>Takes ownership of <paramref name="values"/>: null exactly where <paramref name="missing"/> is true.</summary>
    internal StringColumn(string name, string?[] values, bool[]? missing)
        : base(name, ColumnType.String, values.Length, missing) => _values = values;

    private StringColumn(string name, (string?[] Values, bool[]? Missing) parts)
        : this(name, parts.Values, parts.Missing)
    {
    }

    /// <summary>The value of a row, or null when it is missing.</summary>
    public string? this[int row] => IsMissing(row) ? null : _values[row];

    /// <summary>All values in row order, null where missing.</summary>
    public ReadOnlySpan<string?> Values => _values;

    /// <inheritdoc />
    public override string? FormatValue(int row) => this[row];

    internal override Column Select(ReadOnlySpan<int> rows)
    {
        var values = new string?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = _values[rows[i]];
        }

        return new StringColumn(Name, values, SelectMissing(rows));
    }

    internal override void Encode(int row, CanonicalEncoder encoder)
    {
        if (IsMissing(row))
        {
            encoder.WriteByte(CanonicalEncoder.Missing);
            return;
        }

        encoder.WriteByte(CanonicalEncoder.Present);
        encoder.WriteString(_values[row]!);
    }

    private static (string?[] Values, bool[]? Missing) Materialise(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var array = values.ToArray();
        bool[]? missing = null;
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i] is null)
            {
                missing ??= new bool[array.Length];
                missing[i] = true;
            }
        }

        return (array, missing);
    }
}
