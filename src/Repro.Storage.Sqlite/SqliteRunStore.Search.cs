using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Repro.Tracking;

namespace Repro.Storage.Sqlite;

/// <summary>Run search: translates a <see cref="RunQuery"/> into one parameterised SQL statement.</summary>
internal sealed partial class SqliteRunStore
{
    /// <inheritdoc />
    public IReadOnlyList<RunInfo> SearchRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        return Read("search runs", () =>
        {
            using var cmd = Command(string.Empty);
            cmd.CommandText = BuildSearch(query, cmd.Parameters);
            using var reader = cmd.ExecuteReader();
            var runs = new List<RunInfo>();
            while (reader.Read())
            {
                runs.Add(ReadRunInfo(reader));
            }

            return runs;
        });
    }

    /// <inheritdoc />
    public long CountRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Read("count runs", () =>
        {
            using var cmd = Command(string.Empty);
            var where = BuildWhere(query, cmd.Parameters);
            cmd.CommandText = "SELECT count(*) FROM runs r JOIN experiments e ON e.id = r.experiment_id" + where;
            return (long)cmd.ExecuteScalar()!;
        });
    }

    private static string BuildSearch(RunQuery query, SqliteParameterCollection parameters)
    {
        var sql = new StringBuilder(SelectRunColumns);
        var order = new List<string>();
        for (var i = 0; i < query.OrderBy.Count; i++)
        {
            var (field, descending) = (query.OrderBy[i].Field, query.OrderBy[i].Descending);
            var column = field.Kind switch
            {
                RunFieldKind.Attribute => AttributeColumn(field.Key),
                _ => $"o{i}.value",
            };
            if (field.Kind != RunFieldKind.Attribute)
            {
                var table = field.Kind switch { RunFieldKind.Metric => "latest_metrics", RunFieldKind.Param => "params", _ => "tags" };
                sql.Append(CultureInfo.InvariantCulture, $" LEFT JOIN {table} o{i} ON o{i}.run = r.rowid AND o{i}.key = {Bind(parameters, field.Key)}");
            }

            // Runs without the field sort last in both directions.
            order.Add($"({column} IS NULL)");
            order.Add(descending ? $"{column} DESC" : $"{column} ASC");
        }

        sql.Append(BuildWhere(query, parameters));
        order.Add("r.start_ms DESC");
        order.Add("r.rowid DESC");
        sql.Append(" ORDER BY ").AppendJoin(", ", order);
        sql.Append(CultureInfo.InvariantCulture, $" LIMIT {query.Limit}");
        return sql.ToString();
    }

    private static string BuildWhere(RunQuery query, SqliteParameterCollection parameters)
    {
        var where = new List<string>();
        if (query.ExperimentNames.Count > 0)
        {
            where.Add($"e.name IN ({string.Join(", ", query.ExperimentNames.Select(n => Bind(parameters, n)))})");
        }

        foreach (var clause in query.Filter.Clauses)
        {
            where.Add(ClauseSql(clause, parameters));
        }

        return where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty;
    }

    private static string ClauseSql(FilterClause clause, SqliteParameterCollection parameters)
    {
        var field = clause.Field;
        if (field.Kind == RunFieldKind.Attribute)
        {
            return Comparison(AttributeColumn(field.Key), clause, parameters);
        }

        var table = field.Kind switch { RunFieldKind.Metric => "latest_metrics", RunFieldKind.Param => "params", _ => "tags" };
        // An IN over the (key, value) index: only runs that have the field can match, as in MLflow.
        return $"r.rowid IN (SELECT run FROM {table} WHERE key = {Bind(parameters, field.Key)} AND {Comparison("value", clause, parameters)})";
    }

    private static string Comparison(string column, FilterClause clause, SqliteParameterCollection parameters)
    {
        object operand = clause.Field.IsNumeric ? clause.Number ?? 0d : clause.Text ?? string.Empty;
        return clause.Operator switch
        {
            FilterOperator.Equal => $"{column} = {Bind(parameters, operand)}",
            FilterOperator.NotEqual => $"{column} <> {Bind(parameters, operand)}",
            FilterOperator.Less => $"{column} < {Bind(parameters, operand)}",
            FilterOperator.LessOrEqual => $"{column} <= {Bind(parameters, operand)}",
            FilterOperator.Greater => $"{column} > {Bind(parameters, operand)}",
            FilterOperator.GreaterOrEqual => $"{column} >= {Bind(parameters, operand)}",
            // SQLite's LIKE ignores ASCII case; a case-sensitive LIKE is a GLOB with the pattern translated.
            FilterOperator.Like => $"{column} GLOB {Bind(parameters, LikeToGlob(clause.Text ?? string.Empty))}",
            FilterOperator.ILike => $"{column} LIKE {Bind(parameters, clause.Text ?? string.Empty)}",
            FilterOperator.In => $"{column} IN ({string.Join(", ", (clause.Values ?? []).Select(v => Bind(parameters, v)))})",
            FilterOperator.NotIn => $"{column} NOT IN ({string.Join(", ", (clause.Values ?? []).Select(v => Bind(parameters, v)))})",
            _ => throw new InvalidQueryException($"Unsupported comparison {clause.Operator}."),
        };
    }

    private static string AttributeColumn(string attribute) => attribute switch
    {
        "run_id" => "r.id",
        "run_name" => "r.name",
        "status" => "r.status",
        "start_time" => "r.start_ms",
        "end_time" => "r.end_ms",
        _ => throw new InvalidQueryException($"Unknown attribute '{attribute}'."),
    };

    private static string Bind(SqliteParameterCollection parameters, object value)
    {
        var name = "$p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters.AddWithValue(name, value);
        return name;
    }

    private static string LikeToGlob(string pattern)
    {
        var glob = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            glob.Append(c switch
            {
                '%' => "*",
                '_' => "?",
                '*' => "[*]",
                '?' => "[?]",
                '[' => "[[]",
                _ => c.ToString(),
            });
        }

        return glob.ToString();
    }
}
