namespace Repro.Data;

/// <summary>Accumulates one column's values while a CSV is read, in growable arrays of its type.</summary>
internal sealed class ColumnBuilder
{
    private const int InitialCapacity = 256;

    // Repeated short strings (class labels, categories) share one instance; the pool is bounded so
    // that a column of unique text costs no more than the strings themselves.
    private const int PooledMaxLength = 64;
    private const int PoolCapacity = 4096;

    private readonly Dictionary<string, string>? _pool;
    private long[] _longs = [];
    private double[] _doubles = [];
    private bool[] _booleans = [];
    private string?[] _strings = [];
    private bool[]? _missing;
    private int _count;

    public ColumnBuilder(string name, ColumnType type)
    {
        Name = name;
        Type = type;
        if (type == ColumnType.String)
        {
            _pool = new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>Appends a value; false (and nothing appended) when the text does not parse as the column's type.</summary>
    public bool TryAdd(ReadOnlySpan<char> text)
    {
        switch (Type)
        {
            case ColumnType.Int64:
                if (!CellParser.TryInt64(text, out var integer))
                {
                    return false;
                }

                Grow(ref _longs)[_count] = integer;
                break;
            case ColumnType.Double:
                if (!CellParser.TryDouble(text, out var number))
                {
                    return false;
                }

                Grow(ref _doubles)[_count] = number;
                break;
            case ColumnType.Boolean:
                if (!CellParser.TryBoolean(text, out var flag))
                {
                    return false;
                }

                Grow(ref _booleans)[_count] = flag;
                break;
            default:
                Grow(ref _strings)[_count] = Intern(text);
                break;
        }

        _count++;
        return true;
    }

    public void AddMissing()
    {
        switch (Type)
        {
            case ColumnType.Int64: Grow(ref _longs)[_count] = 0; break;
            case ColumnType.Double: Grow(ref _doubles)[_count] = double.NaN; break;
            case ColumnType.Boolean: Grow(ref _booleans)[_count] = false; break;
            default: Grow(ref _strings)[_count] = null; break;
        }

        if (_missing is null || _missing.Length <= _count)
        {
            Array.Resize(ref _missing, Math.Max(InitialCapacity, Math.Max(_count + 1, (_missing?.Length ?? 0) * 2)));
        }

        _missing[_count] = true;
        _count++;
    }

    public Column Build()
    {
        var missing = _missing is null ? null : Trim(_missing);
        return Type switch
        {
            ColumnType.Int64 => new Int64Column(Name, Trim(_longs), missing),
            ColumnType.Double => new DoubleColumn(Name, Trim(_doubles), missing),
            ColumnType.Boolean => new BooleanColumn(Name, Trim(_booleans), missing),
            _ => new StringColumn(Name, Trim(_strings), missing),
        };
    }

    private T[] Grow<T>(ref T[] values)
    {
        if (values.Length <= _count)
        {
            Array.Resize(ref values, Math.Max(InitialCapacity, values.Length * 2));
        }

        return values;
    }

    /// <summary>An array of exactly <see cref="_count"/> elements (missing flags past the last missing value are false).</summary>
    private T[] Trim<T>(T[] values)
    {
        if (values.Length == _count)
        {
            return values;
        }

        var trimmed = new T[_count];
        Array.Copy(values, trimmed, Math.Min(values.Length, _count));
        return trimmed;
    }

    private string Intern(ReadOnlySpan<char> text)
    {
        if (text.Length > PooledMaxLength)
        {
            return new string(text);
        }

        var lookup = _pool!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var value = new string(text);
        if (_pool.Count < PoolCapacity)
        {
            _pool.Add(value, value);
        }

        return value;
    }
}
