namespace Repro.Evaluation;

/// <summary>Settings that change how predictions are scored.</summary>
public sealed record MetricOptions
{
    /// <summary>
    /// The binary decision threshold: a row is predicted as class 1 when its score is greater than or
    /// equal to it. Default 0.5. Used by the metrics of hard predictions (accuracy, precision, recall,
    /// F1, Matthews correlation, the confusion matrix); ranking and probabilistic metrics ignore it.
    /// </summary>
    public double Threshold { get; init; } = 0.5;

    internal static MetricOptions Default { get; } = new();

    internal static double ThresholdOf(MetricOptions? options)
    {
        var threshold = (options ?? Default).Threshold;
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The decision threshold is NaN; give a number such as 0.5.");
        }

        return threshold;
    }
}
