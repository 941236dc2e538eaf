namespace Repro.Data;

/// <summary>The narrowest type every non-missing value of a column seen so far parses as: long, then double, then bool, else string.</summary>
internal sealed class TypeInference
{
    private bool _seen;
    private bool _long = true;
    private bool _double = true;
    private bool _boolean = true;

    public ColumnType Result =>
        !_seen ? ColumnType.String
        : _long ? ColumnType.Int64
        : _double ? ColumnType.Double
        : _boolean ? ColumnType.Boolean
        : ColumnType.String;

    public void Observe(ReadOnlySpan<char> value)
    {
        _seen = true;
        if (!(_long || _double || _boolean))
        {
            return;
        }

        if (_long && CellParser.TryInt64(value, out _))
        {
            _boolean = false; // an integer is also a double, and never a bool
            return;
        }

        _long = false;
        _double = _double && CellParser.TryDouble(value, out _);
        _boolean = _boolean && CellParser.TryBoolean(value, out _);
    }
}
