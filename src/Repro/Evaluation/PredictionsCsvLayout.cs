namespace Repro.Evaluation;

/// <summary>
/// Where the columns of a predictions file are, decided from its header and the task: the <c>id</c>,
/// <c>y_true</c> and score or estimate columns; other columns are ignored.
/// </summary>
internal sealed class PredictionsCsvLayout
{
    private const int MaxNamesInMessage = 12;

    private PredictionsCsvLayout(PredictionTask task, int fieldCount, int idIndex, int trueIndex, int[] valueIndexes, string[] classes)
    {
        Task = task;
        FieldCount = fieldCount;
        IdIndex = idIndex;
        TrueIndex = trueIndex;
        ValueIndexes = valueIndexes;
        Classes = classes;
    }

    public PredictionTask Task { get; }

    /// <summary>The number of fields every line must have (the header's).</summary>
    public int FieldCount { get; }

    /// <summary>The <c>id</c> column, or -1.</summary>
    public int IdIndex { get; }

    public int TrueIndex { get; }

    /// <summary>Binary: the <c>y_score</c> column; multiclass: one <c>y_score_&lt;class&gt;</c> column per class; regression: <c>y_pred</c>.</summary>
    public int[] ValueIndexes { get; }

    /// <summary>Multiclass class names, in column order; binary "0" and "1"; regression none.</summary>
    public string[] Classes { get; }

    /// <summary>Reads the header; the task is inferred from its columns when <paramref name="task"/> is null.</summary>
    /// <exception cref="InvalidPredictionsException">A required column is missing or named twice, or the task cannot be told.</exception>
    public static PredictionsCsvLayout FromHeader(IReadOnlyList<string> header, PredictionTask? task, string source, long line)
    {
        var columns = header.Select(name => name.Trim()).ToArray();
        var found = string.Join(",", columns.Take(MaxNamesInMessage)) + (columns.Length > MaxNamesInMessage ? ",..." : string.Empty);
        var duplicate = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 && IsKnown(g.Key));
        if (duplicate is not null)
        {
            throw new InvalidPredictionsException($"{source} line {line}: column '{duplicate.Key}' appears more than once in the header.", line);
        }

        var hasScore = columns.Contains(PredictionsCsv.ScoreColumn);
        var classColumns = columns.Where(c => c.StartsWith(PredictionsCsv.ScoreColumnPrefix, StringComparison.Ordinal)).ToArray();
        var hasEstimate = columns.Contains(PredictionsCsv.EstimateColumn);
        var resolved = task ?? (classColumns.Length > 0 ? PredictionTask.Multiclass
            : hasScore ? PredictionTask.Binary
            : hasEstimate ? PredictionTask.Regression
            : throw new InvalidPredictionsException(
                $"{source} line {line}: cannot tell the task from the header '{found}': expected y_true with y_score (binary), "
                + "y_score_<class> columns (multiclass) or y_pred (regression).", line));

        var trueIndex = Array.IndexOf(columns, PredictionsCsv.TrueColumn);
        if (trueIndex < 0)
        {
            throw Missing(source, line, PredictionsCsv.TrueColumn, resolved, found, hint: null);
        }

        var idIndex = Array.IndexOf(columns, PredictionsCsv.IdColumn);
        switch (resolved)
        {
            case PredictionTask.Binary:
            {
                var scoreIndex = Array.IndexOf(columns, PredictionsCsv.ScoreColumn);
                if (scoreIndex < 0)
                {
                    throw Missing(source, line, PredictionsCsv.ScoreColumn, resolved, found,
                        classColumns.Length > 0 ? "these look like multiclass predictions: use --task multiclass"
                        : hasEstimate ? "these look like regression predictions: use --task regression"
                        : null);
                }

                return new PredictionsCsvLayout(resolved, columns.Length, idIndex, trueIndex, [scoreIndex], ["0", "1"]);
            }

            case PredictionTask.Multiclass:
            {
                if (classColumns.Length < 2)
                {
                    var hint = hasScore ? " (these look like binary predictions: use --task binary)"
                        : hasEstimate ? " (these look like regression predictions: use --task regression)"
                        : string.Empty;
                    throw new InvalidPredictionsException(
                        $"{source} line {line}: missing columns: multiclass predictions need a y_score_<class> column for each of at least two classes; "
                        + $"the header is '{found}'{hint}.", line);
                }

                var classes = classColumns.Select(c => c[PredictionsCsv.ScoreColumnPrefix.Length..]).ToArray();
                if (classes.Any(c => c.Length == 0))
                {
                    throw new InvalidPredictionsException($"{source} line {line}: a '{PredictionsCsv.ScoreColumnPrefix}' column has no class name after the prefix.", line);
                }

                var indexes = classColumns.Select(c => Array.IndexOf(columns, c)).ToArray();
                return new PredictionsCsvLayout(resolved, columns.Length, idIndex, trueIndex, indexes, classes);
            }

            default:
            {
                var estimateIndex = Array.IndexOf(columns, PredictionsCsv.EstimateColumn);
                if (estimateIndex < 0)
                {
                    throw Missing(source, line, PredictionsCsv.EstimateColumn, resolved, found,
                        hasScore ? "these look like binary predictions: use --task binary"
                        : classColumns.Length > 0 ? "these look like multiclass predictions: use --task multiclass"
                        : null);
                }

                return new PredictionsCsvLayout(resolved, columns.Length, idIndex, trueIndex, [estimateIndex], []);
            }
        }
    }

    private static bool IsKnown(string column) =>
        column is PredictionsCsv.IdColumn or PredictionsCsv.TrueColumn or PredictionsCsv.ScoreColumn or PredictionsCsv.EstimateColumn
        || column.StartsWith(PredictionsCsv.ScoreColumnPrefix, StringComparison.Ordinal);

    private static InvalidPredictionsException Missing(string source, long line, string column, PredictionTask task, string found, string? hint)
    {
        var expected = task switch
        {
            PredictionTask.Binary => "y_true,y_score",
            PredictionTask.Multiclass => "y_true,y_score_<class>,...",
            _ => "y_true,y_pred",
        };
        var suffix = hint is null ? string.Empty : $" ({hint})";
        return new InvalidPredictionsException(
            $"{source} line {line}: missing column '{column}': {task.ToString().ToLowerInvariant()} predictions need the header {expected} "
            + $"(and optionally id); the header is '{found}'{suffix}.", line);
    }
}
