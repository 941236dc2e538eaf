using System.CommandLine;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;

namespace Repro.Cli.Commands;

/// <summary>The options <c>repro eval</c> and <c>repro compare</c> share: threshold, bootstrap resamples, seed and level.</summary>
internal sealed class EvaluationOptions
{
    public Option<double> Threshold { get; } = new("--threshold")
    {
        Description = "Binary predictions: a score >= T predicts class 1 (accuracy, precision, recall, F1, MCC, McNemar).",
        HelpName = "T",
        DefaultValueFactory = _ => new MetricOptions().Threshold,
    };

    public Option<int> Bootstrap { get; } = new("--bootstrap")
    {
        Description = "Bootstrap resamples for the confidence intervals; 0 for none.",
        HelpName = "N",
        DefaultValueFactory = _ => BootstrapOptions.DefaultResamples,
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed of the bootstrap resamples (resample i uses the stream 'bootstrap/i'); the same seed gives the same intervals.",
        HelpName = "S",
        DefaultValueFactory = _ => 0UL,
    };

    public Option<double> Level { get; } = new("--level")
    {
        Description = "Confidence level of the intervals, between 0 and 1.",
        HelpName = "L",
        DefaultValueFactory = _ => BootstrapOptions.DefaultLevel,
    };

    public IEnumerable<Option> All => [Threshold, Bootstrap, Seed, Level];

    /// <summary>The metric options, after checking the threshold.</summary>
    /// <exception cref="ReproException">The threshold is not a finite number.</exception>
    public MetricOptions ReadMetricOptions(CliContext context)
    {
        var threshold = context.Value(Threshold);
        return double.IsFinite(threshold)
            ? new MetricOptions { Threshold = threshold }
            : throw new ReproException("--threshold must be a finite number, such as 0.5.");
    }

    /// <summary>The bootstrap options, after checking them; null when --bootstrap is 0.</summary>
    /// <exception cref="ReproException">A value is out of range.</exception>
    public BootstrapOptions? ReadBootstrapOptions(CliContext context, MetricOptions metricOptions)
    {
        var resamples = context.Value(Bootstrap);
        var level = context.Value(Level);
        if (resamples < 0)
        {
            throw new ReproException("--bootstrap must be 0 (no intervals) or a number of resamples, such as 1000.");
        }

        if (!(level is > 0 and < 1))
        {
            throw new ReproException("--level must be strictly between 0 and 1, such as 0.95.");
        }

        return resamples == 0 ? null : new BootstrapOptions { Resamples = resamples, Level = level, Seed = context.Value(Seed), Metric = metricOptions };
    }
}
