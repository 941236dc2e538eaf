using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Benchmarks;

/// <summary>
/// Reading a 1,000,000-row binary predictions file with ids (about 30 MB) through <see cref="PredictionsCsv"/>,
/// from a file in the temporary folder (in the page cache after the first read). No target; the figure
/// says what a 10,000,000-row file costs (about ten times as much).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class PredictionsCsvBenchmarks
{
    private const int Rows = 1_000_000;

    private TempFolder? _folder;
    private string? _path;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder("repro-bench-predictions-");
        _path = _folder.File("predictions.csv");
        var random = new RandomStream(5, "bench/csv");
        var text = new StringBuilder("id,y_true,y_score\n");
        for (var i = 0; i < Rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"ex{i},{random.NextInt(2)},{random.NextDouble():R}\n");
        }

        File.WriteAllText(_path, text.ToString());
        if (ReadBinary() != Rows)
        {
            throw new InvalidOperationException("The file did not read back whole.");
        }
    }

    [Benchmark]
    public int ReadBinary() => PredictionsCsv.Read(_path!, PredictionTask.Binary).Count;

    [GlobalCleanup]
    public void Cleanup() => _folder!.Dispose();
}
