using System.Globalization;
using System.Runtime.InteropServices;

namespace Repro.Evaluation;

/// <summary>The rows of a predictions file as they are read: validated field by field into growing columns.</summary>
internal sealed class PredictionsCsvRows
{
    private readonly PredictionsCsvLayout _layout;
    private readonly string _source;
    private readonly List<int> _labels = [];
    private readonly List<double> _values = [];
    private readonly List<double> _targets = [];
    private readonly List<string>? _ids;
    private readonly HashSet<string>? _seenIds;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _classIndexes;

    public PredictionsCsvRows(PredictionsCsvLayout layout, string source, long headerLine)
    {
        _layout = layout;
        _source = source;
        if (layout.IdIndex >= 0)
        {
            _ids = [];
            _seenIds = new HashSet<string>(StringComparer.Ordinal);
        }

        var classIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layout.Classes.Length; i++)
        {
            if (!classIndexes.TryAdd(layout.Classes[i], i))
            {
                throw new InvalidPredictionsException($"{source} line {headerLine}: class '{layout.Classes[i]}' has two score columns.", headerLine);
            }
        }

        _classIndexes = classIndexes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; private set; }

    public InvalidPredictionsException Error(long line, string problem) => new($"{_source} line {line}: {problem}", line);

    public void Add(CsvRecordReader csv)
    {
        var line = csv.LineNumber;
        if (_ids is not null)
        {
            var id = csv.Field(_layout.IdIndex).ToString();
            if (id.Length == 0)
            {
                throw Error(line, "the id is empty.");
            }

            if (!_seenIds!.Add(id))
            {
                throw Error(line, $"id '{id}' appears more than once; ids must be unique to pair rows.");
            }

            _ids.Add(id);
        }

        var truth = csv.Field(_layout.TrueIndex);
        switch (_layout.Task)
        {
            case PredictionTask.Binary:
                _labels.Add(BinaryLabel(truth, line));
                _values.Add(Number(csv.Field(_layout.ValueIndexes[0]), PredictionsCsv.ScoreColumn, line));
                break;
            case PredictionTask.Multiclass:
                if (!_classIndexes.TryGetValue(truth.Trim(), out var label))
                {
                    throw Error(line, $"y_true '{truth}' is not one of the classes of the y_score_<class> columns ({PredictionsCsv.DescribeClasses(_layout.Classes)}).");
                }

                _labels.Add(label);
                for (var k = 0; k < _layout.ValueIndexes.Length; k++)
                {
                    _values.Add(Number(csv.Field(_layout.ValueIndexes[k]), PredictionsCsv.ScoreColumnPrefix + _layout.Classes[k], line));
                }

                break;
            default:
                _targets.Add(Number(truth, PredictionsCsv.TrueColumn, line));
                _values.Add(Number(csv.Field(_layout.ValueIndexes[0]), PredictionsCsv.EstimateColumn, line));
                break;
        }

        Count++;
    }

    public Predictions ToPredictions() => _layout.Task switch
    {
        PredictionTask.Binary => Predictions.Binary(CollectionsMarshal.AsSpan(_labels), CollectionsMarshal.AsSpan(_values), _ids),
        PredictionTask.Multiclass => Predictions.Multiclass(CollectionsMarshal.AsSpan(_labels), CollectionsMarshal.AsSpan(_values), _layout.Classes, _ids),
        _ => Predictions.Regression(CollectionsMarshal.AsSpan(_targets), CollectionsMarshal.AsSpan(_values), _ids),
    };

    private int BinaryLabel(ReadOnlySpan<char> text, long line)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 1 && trimmed[0] is '0' or '1')
        {
            return trimmed[0] - '0';
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is 0 or 1)
        {
            return (int)number;
        }

        if (bool.TryParse(trimmed, out var flag))
        {
            return flag ? 1 : 0;
        }

        throw Error(line, $"y_true '{text}' is not 0 or 1 (binary predictions: y_true is 0 or 1, y_score the probability of class 1).");
    }

    private double Number(ReadOnlySpan<char> text, string column, long line)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return double.IsFinite(value) ? value : throw Error(line, $"{column} is {text.Trim()}, not a finite number.");
        }

        var word = text.Trim().TrimStart("+-");
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(line, $"{column} is {text.Trim()}, not a finite number.");
        }

        return text.IsWhiteSpace()
            ? throw Error(line, $"{column} is empty.")
            : throw Error(line, $"{column} '{text}' is not a number.");
    }
}
