using BenchmarkDotNet.Attributes;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.Randomness;

namespace Repro.Benchmarks;

/// <summary>
/// 1,000 bootstrap resamples of ROC-AUC on 100,000 binary rows with ties (target: &lt;= 2 s), on one thread
/// and on every processor (<c>Threads = 0</c>); and the paired bootstrap of two such sets (2,000 AUCs).
/// The rows are sorted once and each resample is its per-row multiplicities (<c>ResampleRanking</c> through <c>ResampleMetrics</c>).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class BootstrapBenchmarks
{
    private const int Rows = 100_000;
    private const int Resamples = 1_000;

    private Predictions? _a;
    private Predictions? _b;

    /// <summary>Threads evaluating resamples; 0 for all processors.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Generate(seed: 1, skill: 0.2);
        _b = Generate(seed: 2, skill: 0.25);
    }

    [Benchmark]
    public double RocAucInterval() =>
        Bootstrap.Interval(_a!, "roc_auc", Options()).High;

    /// <summary>Every binary metric's interval from the same 1,000 resamples: what <c>repro eval</c> does after reading the file.</summary>
    [Benchmark]
    public double AllMetricIntervals() =>
        Bootstrap.Intervals(_a!, options: Options())[^1].High;

    /// <summary>Only drawing the 1,000 resamples' row indexes (10^8 draws): the floor under every interval.</summary>
    [Benchmark]
    public int DrawOnly()
    {
        var rows = new int[Rows];
        var sum = 0;
        for (var resample = 0; resample < Resamples; resample++)
        {
            BootstrapResample.Draw(7, resample, rows);
            sum += rows[0];
        }

        return sum;
    }

    [Benchmark]
    public double PairedRocAuc() =>
        PairedBootstrap.Compare(_a!, _b!, "roc_auc", Options()).PValue;

    private BootstrapOptions Options() => new()
    {
        Resamples = Resamples,
        Seed = 7,
        MaxDegreeOfParallelism = Threads == 0 ? null : Threads,
    };

    /// <summary>Labels shared by both sets (seed 0); scores rounded to 3 decimals, so many tie.</summary>
    private static Predictions Generate(ulong seed, double skill)
    {
        var labels = new int[Rows];
        var scores = new double[Rows];
        var truth = new RandomStream(0, "bench/labels");
        var noise = new RandomStream(seed, "bench/scores");
        for (var i = 0; i < Rows; i++)
        {
            labels[i] = truth.NextInt(2);
            scores[i] = Math.Round(Math.Clamp(noise.NextDouble() + (labels[i] == 1 ? skill : -skill), 0, 1), 3);
        }

        return Predictions.Binary(labels, scores);
    }
}
