namespace Repro.Evaluation;

/// <summary>
/// A metric that has no value for these predictions, where scikit-learn raises an error: for example
/// ROC AUC when only one class is present, or R2 with fewer than two rows.
/// </summary>
public sealed class MetricUndefinedException : ReproException
{
    /// <summary>Creates the exception for metric <paramref name="metric"/> and the reason it is undefined.</summary>
    public MetricUndefinedException(string metric, string reason)
        : base($"{metric} is undefined for these predictions: {reason}.")
    {
        Metric = metric;
        Reason = reason;
    }

    /// <summary>The metric's name.</summary>
    public string Metric { get; }

    /// <summary>Why it is undefined, as a sentence fragment without a final period.</summary>
    public string Reason { get; }
}
