using System.Globalization;

namespace Repro.Data;

/// <summary>A column of 64-bit integers.</summary>
public sealed class Int64Column : Column
{
    private readonly long[] _values;

    /// <summary>Creates a column; a null element is a missing value.</summary>
    public Int64Column(string name, IEnumerable<long?> values)
        : this(name, Materialise(values))
    {
    }

    internal Int64Column(string name, long[] values, bool[]? missing)
        : base(name, ColumnType.Int64, values.Length, missing) => _values = values;

    private Int64Column(string name, (long[] Values, bool[]? Missing) parts)
        : this(name, parts.Values, parts.Missing)
    {
    }

    /// <summary>The value of a row, or null when it is missing.</summary>
    public long? this[int row] => IsMissing(row) ? null : _values[row];

    /// <summary>All values in row order, 0 where missing (check <see cref="Column.IsMissing"/>).</summary>
    public ReadOnlySpan<long> Values => _values;

    /// <inheritdoc />
    public override string? FormatValue(int row) => IsMissing(row) ? null : _values[row].ToString(CultureInfo.InvariantCulture);

    internal override Column Select(ReadOnlySpan<int> rows)
    {
        var values = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = _values[rows[i]];
        }

        return new Int64Column(Name, values, SelectMissing(rows));
    }

    internal override void Encode(int row, CanonicalEncoder encoder)
    {
        if (IsMissing(row))
        {
            encoder.WriteByte(CanonicalEncoder.Missing);
            return;
        }

        encoder.WriteByte(CanonicalEncoder.Present);
        encoder.WriteInt64(_values[row]);
    }

    private static (long[] Values, bool[]? Missing) Materialise(IEnumerable<long?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        return (list.Select(v => v.GetValueOrDefault()).ToArray(), MissingOf(list));
    }
}
