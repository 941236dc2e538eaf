using System.Globalization;
using System.Text;

namespace Repro.Evaluation;

/// <summary>
/// Reads and writes prediction files, the CSV format of <c>repro eval</c> and of predictions logged on a
/// run. A header is required; the columns, in any order, are:
/// binary <c>y_true,y_score</c> (y_true 0 or 1, y_score the probability of class 1);
/// multiclass <c>y_true,y_score_&lt;class&gt;,...</c> (one score column per class, in the order that
/// defines the class indexes; y_true a class name); regression <c>y_true,y_pred</c>;
/// and optionally <c>id</c>, unique per row, which pairs rows between two prediction sets. Other columns
/// are ignored.
/// </summary>
/// <remarks>
/// Numbers use the invariant culture ('.' for decimals, exponents allowed). Files are read as a stream,
/// one record at a time, so a file of ten million rows costs the memory of its columns, not of its text.
/// Every problem is an <see cref="InvalidPredictionsException"/> naming the line (the header is line 1):
/// an empty file, a missing column, a line with the wrong number of fields, a value that is not a number,
/// a NaN or infinite value, a label outside the declared classes, a duplicate or empty id, no rows.
/// </remarks>
public static class PredictionsCsv
{
    /// <summary>The optional column of example ids.</summary>
    public const string IdColumn = "id";

    /// <summary>The column of true labels (classification) or values (regression).</summary>
    public const string TrueColumn = "y_true";

    /// <summary>The binary score column: the probability of class 1.</summary>
    public const string ScoreColumn = "y_score";

    /// <summary>The prefix of multiclass score columns, followed by the class name.</summary>
    public const string ScoreColumnPrefix = "y_score_";

    /// <summary>The regression estimate column.</summary>
    public const string EstimateColumn = "y_pred";

    private const int MaxClassesInMessage = 10;

    /// <summary>Reads a predictions file.</summary>
    /// <param name="path">The CSV file (UTF-8, with or without a byte order mark).</param>
    /// <param name="task">The task; when null it is inferred from the header (y_score_&lt;class&gt; columns: multiclass; y_score: binary; y_pred: regression).</param>
    /// <exception cref="InvalidPredictionsException">The file is missing, unreadable or invalid (the message names the line).</exception>
    public static Predictions Read(string path, PredictionTask? task) => Read(path, task, path);

    /// <summary>Reads a predictions file, naming it <paramref name="source"/> in messages (the path as the user typed it).</summary>
    internal static Predictions Read(string path, PredictionTask? task, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidPredictionsException($"{source}: no such file.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidPredictionsException($"{source}: cannot be read: {ex.Message}");
        }

        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, task, source);
    }

    /// <summary>Reads predictions from CSV text.</summary>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="task">The task; when null it is inferred from the header, as for <see cref="Read(string, PredictionTask?)"/>.</param>
    /// <param name="source">What the text is, to start error messages with (a file name, "run 1a2b3c4d predictions").</param>
    /// <exception cref="InvalidPredictionsException">The text is invalid (the message names the line).</exception>
    public static Predictions Read(TextReader reader, PredictionTask? task, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var csv = new CsvRecordReader(reader, source);
        if (!csv.Read())
        {
            throw new InvalidPredictionsException($"{source}: the file is empty; expected a header such as y_true,y_score (binary), y_true,y_score_<class>,... (multiclass) or y_true,y_pred (regression).");
        }

        var header = new string[csv.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = csv.Field(i).ToString();
        }

        var layout = PredictionsCsvLayout.FromHeader(header, task, source, csv.LineNumber);
        var rows = new PredictionsCsvRows(layout, source, csv.LineNumber);
        while (csv.Read())
        {
            if (csv.FieldCount != layout.FieldCount)
            {
                throw rows.Error(csv.LineNumber, $"expected {layout.FieldCount} fields as in the header, found {csv.FieldCount}.");
            }

            rows.Add(csv);
        }

        if (rows.Count == 0)
        {
            throw new InvalidPredictionsException($"{source}: no rows after the header.");
        }

        return rows.ToPredictions();
    }

    /// <summary>
    /// Writes predictions in the format <see cref="Read(TextReader, PredictionTask?, string)"/> reads: a header,
    /// then one line per row; numbers in the invariant culture, round-trip exact.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An id is empty or repeated (the file could not be read back), or a multiclass class name is empty
    /// (its column would have no name).
    /// </exception>
    public static void Write(TextWriter writer, Predictions predictions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(predictions);
        var ids = predictions.Ids;
        var header = new List<string>();
        if (ids is not null)
        {
            RequireUsableIds(ids);
            header.Add(IdColumn);
        }

        header.Add(TrueColumn);
        switch (predictions.Task)
        {
            case PredictionTask.Binary:
                header.Add(ScoreColumn);
                break;
            case PredictionTask.Multiclass:
                if (predictions.Classes.Any(c => c.Length == 0))
                {
                    throw new ArgumentException("A class name is empty; its score column would have no name.", nameof(predictions));
                }

                header.AddRange(predictions.Classes.Select(c => ScoreColumnPrefix + c));
                break;
            default:
                header.Add(EstimateColumn);
                break;
        }

        writer.Write(string.Join(',', header.Select(Quote)));
        writer.Write('\n');
        var classes = predictions.Classes.Select(Quote).ToArray();
        var width = predictions.Task == PredictionTask.Multiclass ? classes.Length : 1;
        Span<char> number = stackalloc char[32];
        for (var i = 0; i < predictions.Count; i++)
        {
            if (ids is not null)
            {
                writer.Write(Quote(ids[i]));
                writer.Write(',');
            }

            if (predictions.Task == PredictionTask.Regression)
            {
                WriteNumber(writer, predictions.Targets[i], number);
                writer.Write(',');
                WriteNumber(writer, predictions.Estimates[i], number);
            }
            else
            {
                writer.Write(classes[predictions.Labels[i]]);
                var scores = predictions.Scores.Slice(i * width, width);
                foreach (var score in scores)
                {
                    writer.Write(',');
                    WriteNumber(writer, score, number);
                }
            }

            writer.Write('\n');
        }
    }

    /// <summary>The predictions as CSV text, as <see cref="Write"/> writes them.</summary>
    public static string ToCsv(Predictions predictions)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, predictions);
        return writer.ToString();
    }

    internal static string DescribeClasses(IReadOnlyList<string> classes) =>
        string.Join(", ", classes.Take(MaxClassesInMessage)) + (classes.Count > MaxClassesInMessage ? $", ... ({classes.Count} in all)" : string.Empty);

    private static void RequireUsableIds(IReadOnlyList<string> ids)
    {
        var seen = new HashSet<string>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i]))
            {
                throw new ArgumentException($"Row {i}: the id is empty; ids pair rows between prediction sets and must be non-empty.", "predictions");
            }

            if (!seen.Add(ids[i]))
            {
                throw new ArgumentException($"Row {i}: id '{ids[i]}' appears more than once; ids must be unique to pair rows.", "predictions");
            }
        }
    }

    private static void WriteNumber(TextWriter writer, double value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
