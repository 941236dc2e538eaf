using System.Globalization;

namespace Repro.Data;

/// <summary>A column of double-precision numbers. NaN and the infinities are values, distinct from missing.</summary>
public sealed class DoubleColumn : Column
{
    private readonly double[] _values;

    /// <summary>Creates a column; a null element is a missing value.</summary>
    public DoubleColumn(string name, IEnumerable<double?> values)
        : this(name, Materialise(values))
    {
    }

    internal DoubleColumn(string name, double[] values, bool[]? missing)
        : base(name, ColumnType.Double, values.Length, missing) => _values = values;

    private DoubleColumn(string name, (double[] Values, bool[]? Missing) parts)
        : this(name, parts.Values, parts.Missing)
    {
    }

    /// <summary>The value of a row, or null when it is missing.</summary>
    public double? this[int row] => IsMissing(row) ? null : _values[row];

    /// <summary>All values in row order, NaN where missing (check <see cref="Column.IsMissing"/>).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <inheritdoc />
    public override string? FormatValue(int row) => IsMissing(row) ? null : _values[row].ToString("R", CultureInfo.InvariantCulture);

    internal override Column Select(ReadOnlySpan<int> rows)
    {
        var values = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = _values[rows[i]];
        }

        return new DoubleColumn(Name, values, SelectMissing(rows));
    }

    internal override void Encode(int row, CanonicalEncoder encoder)
    {
        if (IsMissing(row))
        {
            encoder.WriteByte(CanonicalEncoder.Missing);
            return;
        }

        encoder.WriteByte(CanonicalEncoder.Present);
        encoder.WriteDouble(_values[row]);
    }

    private static (double[] Values, bool[]? Missing) Materialise(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        return (list.Select(v => v.GetValueOrDefault(double.NaN)).ToArray(), MissingOf(list));
    }
}
