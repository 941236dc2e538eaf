namespace Repro.Storage;

/// <summary>
/// A conjunction of conditions on runs, written in MLflow's search grammar:
/// <c>metrics.loss &lt; 0.5 and params.lr = '0.01' and tags.team LIKE 'vision%'</c>.
/// </summary>
/// <remarks>
/// Fields are <c>metrics.KEY</c> (numeric: = != &lt; &lt;= &gt; &gt;=), <c>params.KEY</c> and
/// <c>tags.KEY</c> (strings: = != LIKE ILIKE IN NOT IN), and the attributes <c>run_id</c>,
/// <c>run_name</c>, <c>status</c> (strings) and <c>start_time</c>, <c>end_time</c> (numbers, ms since the
/// Unix epoch), with or without the <c>attributes.</c> prefix. Keys with spaces or other characters are
/// quoted with backticks or double quotes: <c>metrics.`val loss`</c>. Strings are in single or double
/// quotes. Only AND joins clauses, as in MLflow.
/// </remarks>
public sealed class RunFilter
{
    private RunFilter(IReadOnlyList<FilterClause> clauses) => Clauses = clauses;

    /// <summary>The filter that every run passes.</summary>
    public static RunFilter Empty { get; } = new([]);

    /// <summary>The conditions, all of which must hold.</summary>
    public IReadOnlyList<FilterClause> Clauses { get; }

    /// <summary>Parses a filter expression; null or blank gives <see cref="Empty"/>.</summary>
    /// <exception cref="InvalidQueryException">The expression does not parse, with the position of the problem.</exception>
    public static RunFilter Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return Empty;
        }

        var scanner = new FilterScanner(expression);
        var clauses = new List<FilterClause>();
        while (true)
        {
            clauses.Add(scanner.ReadClause());
            if (scanner.AtEnd)
            {
                break;
            }

            var position = scanner.Position;
            var word = scanner.TryReadWord();
            if (word is null || !word.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                var hint = word is not null && word.Equals("OR", StringComparison.OrdinalIgnoreCase)
                    ? " (OR is not supported: MLflow's grammar joins clauses with AND only)"
                    : string.Empty;
                throw new InvalidQueryException(
                    $"Invalid filter at position {position}: expected AND between clauses, found '{word ?? scanner.Rest}'{hint}.", position);
            }
        }

        return new RunFilter(clauses);
    }

    /// <summary>A filter made of the given clauses.</summary>
    public static RunFilter Of(params FilterClause[] clauses) => new(clauses);
}
