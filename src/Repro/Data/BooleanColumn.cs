namespace Repro.Data;

/// <summary>A column of booleans.</summary>
public sealed class BooleanColumn : Column
{
    private readonly bool[] _values;

    /// <summary>Creates a column; a null element is a missing value.</summary>
    public BooleanColumn(string name, IEnumerable<bool?> values)
        : this(name, Materialise(values))
    {
    }

    internal BooleanColumn(string name, bool[] values, bool[]? missing)
        : base(name, ColumnType.Boolean, values.Length, missing) => _values = values;

    private BooleanColumn(string name, (bool[] Values, bool[]? Missing) parts)
        : this(name, parts.Values, parts.Missing)
    {
    }

    /// <summary>The value of a row, or null when it is missing.</summary>
    public bool? this[int row] => IsMissing(row) ? null : _values[row];

    /// <summary>All values in row order, false where missing (check <see cref="Column.IsMissing"/>).</summary>
    public ReadOnlySpan<bool> Values => _values;

    /// <inheritdoc />
    public override string? FormatValue(int row) => IsMissing(row) ? null : (_values[row] ? "true" : "false");

    internal override Column Select(ReadOnlySpan<int> rows)
    {
        var values = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = _values[rows[i]];
        }

        return new BooleanColumn(Name, values, SelectMissing(rows));
    }

    internal override void Encode(int row, CanonicalEncoder encoder)
    {
        if (IsMissing(row))
        {
            encoder.WriteByte(CanonicalEncoder.Missing);
            return;
        }

        encoder.WriteByte(CanonicalEncoder.Present);
        encoder.WriteByte(_values[row] ? (byte)1 : (byte)0);
    }

    private static (bool[] Values, bool[]? Missing) Materialise(IEnumerable<bool?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        return (list.Select(v => v.GetValueOrDefault()).ToArray(), MissingOf(list));
    }
}
