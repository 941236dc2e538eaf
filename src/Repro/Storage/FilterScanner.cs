using System.Globalization;
using System.Text;

namespace Repro.Storage;

/// <summary>A hand-written scanner for MLflow's filter and order-by grammar.</summary>
internal sealed class FilterScanner(string text)
{
    private readonly string _text = text;

    public int Position { get; private set; }

    public bool AtEnd
    {
        get
        {
            SkipSpace();
            return Position >= _text.Length;
        }
    }

    public string Rest => _text[Position..];

    public FilterClause ReadClause()
    {
        var field = ReadField();
        var op = ReadOperator(field);
        if (op is FilterOperator.In or FilterOperator.NotIn)
        {
            if (field.IsNumeric)
            {
                throw Error($"{field} is numeric: IN and NOT IN compare strings");
            }

            var values = ReadList();
            // Statuses are stored upper case; compare lists the way = and != do.
            return new FilterClause(field, op, Values: field is { Kind: RunFieldKind.Attribute, Key: "status" }
                ? [.. values.Select(v => v.ToUpperInvariant())]
                : values);
        }

        if (field.IsNumeric)
        {
            if (op is FilterOperator.Like or FilterOperator.ILike)
            {
                throw Error($"{field} is numeric: use = != < <= > >=, not LIKE");
            }

            return new FilterClause(field, op, Number: ReadNumber(field));
        }

        if (op is FilterOperator.Less or FilterOperator.LessOrEqual or FilterOperator.Greater or FilterOperator.GreaterOrEqual)
        {
            throw Error($"{field} is a string: use = != LIKE ILIKE IN, not an ordering comparison");
        }

        var value = ReadString(field);
        if (field is { Kind: RunFieldKind.Attribute, Key: "status" } && op is FilterOperator.Equal or FilterOperator.NotEqual)
        {
            value = value.ToUpperInvariant();
        }

        return new FilterClause(field, op, Text: value);
    }

    public RunField ReadField()
    {
        SkipSpace();
        var start = Position;
        var head = ReadIdentifier();
        if (head.Length == 0)
        {
            throw Error("expected a field such as metrics.loss, params.lr, tags.team or status");
        }

        if (Position < _text.Length && _text[Position] == '.')
        {
            var kind = head.ToLowerInvariant() switch
            {
                "metric" or "metrics" => RunFieldKind.Metric,
                "param" or "params" or "parameter" or "parameters" => RunFieldKind.Param,
                "tag" or "tags" => RunFieldKind.Tag,
                "attribute" or "attributes" or "attr" or "run" => RunFieldKind.Attribute,
                _ => (RunFieldKind?)null,
            };
            if (kind is not null)
            {
                Position++;
                var key = ReadKey();
                return kind == RunFieldKind.Attribute ? Attribute(key, start) : new RunField(kind.Value, key);
            }
        }

        return Attribute(head, start);
    }

    public string? TryReadWord()
    {
        SkipSpace();
        var word = ReadIdentifier();
        return word.Length == 0 ? null : word;
    }

    public void ExpectEnd(string what)
    {
        if (!AtEnd)
        {
            throw new InvalidQueryException($"Invalid {what} at position {Position}: unexpected '{Rest}'.", Position);
        }
    }

    private RunField Attribute(string name, int start)
    {
        var normalized = name.ToLowerInvariant() switch
        {
            "run_id" or "id" => "run_id",
            "run_name" or "name" => "run_name",
            "status" => "status",
            "start_time" or "created" => "start_time",
            "end_time" => "end_time",
            _ => null,
        };
        return normalized is null
            ? throw new InvalidQueryException(
                $"Invalid field '{name}' at position {start}: use metrics.KEY, params.KEY, tags.KEY or one of the attributes {string.Join(", ", RunField.Attributes)}.",
                start)
            : new RunField(RunFieldKind.Attribute, normalized);
    }

    private string ReadKey()
    {
        if (Position < _text.Length && _text[Position] is '`' or '"')
        {
            return ReadQuoted(_text[Position]);
        }

        var start = Position;
        while (Position < _text.Length && (char.IsAsciiLetterOrDigit(_text[Position]) || _text[Position] is '_' or '.' or '-' or '/'))
        {
            Position++;
        }

        return Position == start ? throw Error("expected a key after the dot (quote keys with spaces in backticks)") : _text[start..Position];
    }

    private string ReadIdentifier()
    {
        var start = Position;
        while (Position < _text.Length && (char.IsAsciiLetterOrDigit(_text[Position]) || _text[Position] == '_'))
        {
            Position++;
        }

        return _text[start..Position];
    }

    private FilterOperator ReadOperator(RunField field)
    {
        SkipSpace();
        foreach (var (symbol, op) in Symbols)
        {
            if (string.CompareOrdinal(_text, Position, symbol, 0, symbol.Length) == 0)
            {
                Position += symbol.Length;
                return op;
            }
        }

        var word = TryReadWord()?.ToUpperInvariant();
        switch (word)
        {
            case "LIKE": return FilterOperator.Like;
            case "ILIKE": return FilterOperator.ILike;
            case "IN": return FilterOperator.In;
            case "NOT":
                var next = TryReadWord();
                return next?.Equals("IN", StringComparison.OrdinalIgnoreCase) == true
                    ? FilterOperator.NotIn
                    : throw Error("expected IN after NOT");
            default:
                throw Error($"expected a comparison after {field} (= != < <= > >= LIKE ILIKE IN NOT IN)");
        }
    }

    private static readonly (string Symbol, FilterOperator Op)[] Symbols =
    [
        ("!=", FilterOperator.NotEqual), ("<>", FilterOperator.NotEqual), ("<=", FilterOperator.LessOrEqual),
        (">=", FilterOperator.GreaterOrEqual), ("==", FilterOperator.Equal), ("=", FilterOperator.Equal),
        ("<", FilterOperator.Less), (">", FilterOperator.Greater),
    ];

    private double ReadNumber(RunField field)
    {
        SkipSpace();
        var start = Position;
        while (Position < _text.Length && (char.IsAsciiLetterOrDigit(_text[Position]) || _text[Position] is '.' or '-' or '+'))
        {
            Position++;
        }

        var token = _text[start..Position];
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Position = start;
        throw Error($"{field} is numeric: expected a number, found '{(token.Length > 0 ? token : Rest)}'");
    }

    private string ReadString(RunField field)
    {
        SkipSpace();
        if (Position < _text.Length && _text[Position] is '\'' or '"')
        {
            return ReadQuoted(_text[Position]);
        }

        throw Error($"{field} is a string: expected a quoted value such as '0.01', found '{Rest}'");
    }

    private IReadOnlyList<string> ReadList()
    {
        SkipSpace();
        if (Position >= _text.Length || _text[Position] != '(')
        {
            throw Error("expected a parenthesised list such as ('a', 'b')");
        }

        Position++;
        var values = new List<string>();
        while (true)
        {
            SkipSpace();
            if (Position < _text.Length && _text[Position] is '\'' or '"')
            {
                values.Add(ReadQuoted(_text[Position]));
            }
            else
            {
                throw Error("expected a quoted value in the list");
            }

            SkipSpace();
            if (Position < _text.Length && _text[Position] == ',')
            {
                Position++;
                continue;
            }

            if (Position < _text.Length && _text[Position] == ')')
            {
                Position++;
                return values;
            }

            throw Error("expected ',' or ')' in the list");
        }
    }

    private string ReadQuoted(char quote)
    {
        var start = Position;
        Position++;
        var builder = new StringBuilder();
        while (Position < _text.Length)
        {
            var c = _text[Position++];
            if (c == quote)
            {
                // A doubled quote inside a quoted string stands for one quote character.
                if (Position < _text.Length && _text[Position] == quote)
                {
                    builder.Append(quote);
                    Position++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }

        Position = start;
        throw Error($"unterminated {quote}-quoted text");
    }

    private void SkipSpace()
    {
        while (Position < _text.Length && char.IsWhiteSpace(_text[Position]))
        {
            Position++;
        }
    }

    private InvalidQueryException Error(string what) =>
        new($"Invalid filter at position {Position}: {what}.", Position);
}
