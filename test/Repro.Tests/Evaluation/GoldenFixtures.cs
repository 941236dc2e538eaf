using System.Globalization;
using System.Text.Json;
using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

/// <summary>
/// The scikit-learn golden cases in Fixtures/ (see Fixtures/README.md): prediction sets and the values
/// scikit-learn 1.2 computed for them.
/// </summary>
internal static class GoldenFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Evaluation", "Fixtures");

    private static readonly Lazy<IReadOnlyList<GoldenCase>> LoadedCases = new(LoadCases);

    public static IReadOnlyList<GoldenCase> Cases => LoadedCases.Value;

    public static GoldenCase Case(string name) => Cases.Single(c => c.Name == name);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static IReadOnlyList<GoldenCase> LoadCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        var cases = new List<GoldenCase>();
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var task = Enum.Parse<PredictionTask>(element.GetProperty("task").GetString()!, ignoreCase: true);
            var predictions = element.TryGetProperty("file", out var file)
                ? ReadCsv(task, file.GetString()!)
                : FormulaRows(task, element.GetProperty("rows").GetInt32());
            var threshold = element.TryGetProperty("threshold", out var t) ? t.GetDouble() : 0.5;
            var metrics = element.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var undefined = element.GetProperty("undefined").EnumerateObject().Select(p => p.Name).ToList();
            long[][]? matrix = element.TryGetProperty("confusion_matrix", out var m)
                ? [.. m.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetInt64()).ToArray())]
                : null;
            cases.Add(new GoldenCase(element.GetProperty("name").GetString()!, predictions, new MetricOptions { Threshold = threshold }, metrics, undefined, matrix));
        }

        return cases;
    }

    private static Predictions ReadCsv(PredictionTask task, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, file));
        var width = lines[0].Split(',').Length - 1;
        var rows = lines.Skip(1).Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return task switch
        {
            PredictionTask.Binary => Predictions.Binary(rows.Select(r => (int)r[0]).ToArray(), rows.Select(r => r[1]).ToArray()),
            PredictionTask.Multiclass => Predictions.Multiclass(
                rows.Select(r => (int)r[0]).ToArray(),
                rows.SelectMany(r => r.Skip(1)).ToArray(),
                [.. Enumerable.Range(0, width).Select(k => k.ToString(CultureInfo.InvariantCulture))]),
            _ => Predictions.Regression(rows.Select(r => r[0]).ToArray(), rows.Select(r => r[1]).ToArray()),
        };
    }

    /// <summary>The formula rows of generate_goldens.py (formula_rows), computed with the same operations.</summary>
    public static Predictions FormulaRows(PredictionTask task, int count)
    {
        var labels = new int[count];
        var scores = new double[task == PredictionTask.Multiclass ? count * 3 : count];
        var targets = new double[count];
        var estimates = new double[count];
        for (var i = 0; i < count; i++)
        {
            var h = ((ulong)i * 2654435761UL) % (1UL << 32);
            switch (task)
            {
                case PredictionTask.Binary:
                    var y = h % 7 < 3 ? 1 : 0;
                    labels[i] = y;
                    scores[i] = (double)(((h >> 8) % 1001) + (150UL * (ulong)y)) / 1150.0;
                    break;
                case PredictionTask.Multiclass:
                    var label = (int)(h % 3);
                    labels[i] = label;
                    var a = new double[3];
                    for (var c = 0; c < 3; c++)
                    {
                        a[c] = ((h >> (4 + (5 * c))) % 97) + 1 + (label == c ? 40UL : 0UL);
                    }

                    var total = a[0] + a[1] + a[2];
                    for (var c = 0; c < 3; c++)
                    {
                        scores[(i * 3) + c] = a[c] / total;
                    }

                    break;
                default:
                    targets[i] = (((h >> 5) % 10000) / 100.0) - 20.0;
                    estimates[i] = targets[i] + ((((h >> 17) % 200) - 100.0) / 50.0);
                    break;
            }
        }

        return task switch
        {
            PredictionTask.Binary => Predictions.Binary(labels, scores),
            PredictionTask.Multiclass => Predictions.Multiclass(labels, scores, ["0", "1", "2"]),
            _ => Predictions.Regression(targets, estimates),
        };
    }
}
