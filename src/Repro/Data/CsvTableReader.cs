using nietras.SeparatedValues;

namespace Repro.Data;

/// <summary>
/// One load of a CSV source into a <see cref="Table"/>: a first pass infers the types of undeclared
/// columns from every value, a second fills typed columns. See <see cref="CsvTable"/> for the format.
/// </summary>
internal sealed class CsvTableReader(string source, CsvOptions options, Func<SepReader> open)
{
    private readonly string[] _missingValues = [.. options.MissingValues];
    private char[] _scratch = new char[256];

    public Table Read()
    {
        var types = InferTypes(out var header);
        var builders = new ColumnBuilder[header.Length];
        for (var c = 0; c < header.Length; c++)
        {
            builders[c] = new ColumnBuilder(header[c], types[c]);
        }

        var lines = new List<int>();
        using (var reader = open())
        {
            ReadHeader(reader);
            while (MoveToRow(reader))
            {
                var row = reader.Current;
                var line = CheckFieldCount(row, header.Length);
                for (var c = 0; c < header.Length; c++)
                {
                    var value = Field(row[c].Span, line);
                    if (IsMissing(value))
                    {
                        builders[c].AddMissing();
                    }
                    else if (!builders[c].TryAdd(value))
                    {
                        throw options.ColumnTypes.ContainsKey(header[c])
                            ? new ColumnTypeMismatchException(source, line, header[c], value.ToString(), types[c])
                            : new DataInputException(source, line, $"{source} line {line}: changed while it was being read.");
                    }
                }

                lines.Add(line);
            }
        }

        if (lines.Count == 0)
        {
            throw new EmptyDataFileException(source, hasHeader: true);
        }

        return new Table([.. builders.Select(b => b.Build())], source, [.. lines]);
    }

    /// <summary>Reads the header and, unless every column is declared, every value to infer the other columns' types.</summary>
    private ColumnType[] InferTypes(out string[] header)
    {
        using var reader = open();
        header = ReadHeader(reader);
        foreach (var name in options.ColumnTypes.Keys)
        {
            if (Array.IndexOf(header, name) < 0)
            {
                throw new MissingColumnException(source, name, header, "declared in the schema");
            }
        }

        var types = new ColumnType[header.Length];
        var inferences = new TypeInference?[header.Length];
        var pending = 0;
        for (var c = 0; c < header.Length; c++)
        {
            if (options.ColumnTypes.TryGetValue(header[c], out var declared))
            {
                types[c] = declared;
            }
            else
            {
                inferences[c] = new TypeInference();
                pending++;
            }
        }

        if (pending == 0)
        {
            return types;
        }

        var rows = 0;
        while (MoveToRow(reader))
        {
            var row = reader.Current;
            var line = CheckFieldCount(row, header.Length);
            for (var c = 0; c < header.Length; c++)
            {
                var value = Field(row[c].Span, line);
                if (inferences[c] is { } inference && !IsMissing(value))
                {
                    inference.Observe(value);
                }
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new EmptyDataFileException(source, hasHeader: true);
        }

        for (var c = 0; c < header.Length; c++)
        {
            if (inferences[c] is { } inference)
            {
                types[c] = inference.Result;
            }
        }

        return types;
    }

    private string[] ReadHeader(SepReader reader)
    {
        if (!MoveToRow(reader))
        {
            throw new EmptyDataFileException(source, hasHeader: false);
        }

        var row = reader.Current;
        var line = LineOf(row);
        var names = new string[row.ColCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
        {
            var name = Field(row[c].Span, line);
            if (c == 0 && name.Length > 0 && name[0] == '\uFEFF')
            {
                name = name[1..]; // a byte order mark that the reader did not consume
            }

            names[c] = name.ToString();
            if (!seen.Add(names[c]))
            {
                throw new MalformedCsvException(source, line, $"the header names column '{names[c]}' twice.");
            }
        }

        return names;
    }

    /// <summary>Moves to the next row that is not a blank line.</summary>
    internal static bool MoveToRow(SepReader reader)
    {
        while (reader.MoveNext())
        {
            if (!reader.Current.Span.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private int CheckFieldCount(SepReader.Row row, int expected)
    {
        var line = LineOf(row);
        if (row.ColCount != expected)
        {
            // An unclosed quote swallows the lines after it into one field: say so rather than count fields.
            for (var c = 0; c < row.ColCount; c++)
            {
                Field(row[c].Span, line);
            }

            throw new MalformedCsvException(source, line, $"expected {expected} fields as in the header, found {row.ColCount}.");
        }

        return line;
    }

    // Sep numbers the first row's lines oddly before it has read past it; the first row is line 1.
    private static int LineOf(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    private ReadOnlySpan<char> Field(ReadOnlySpan<char> raw, int line)
    {
        var problem = CsvField.TryUnquote(raw, ref _scratch, out var value);
        return problem is null ? value : throw new MalformedCsvException(source, line, problem + ".");
    }

    private bool IsMissing(ReadOnlySpan<char> value)
    {
        foreach (var marker in _missingValues)
        {
            if (value.SequenceEqual(marker))
            {
                return true;
            }
        }

        return false;
    }
}
