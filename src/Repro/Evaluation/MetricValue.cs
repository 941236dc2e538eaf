namespace Repro.Evaluation;

/// <summary>One metric's value over a prediction set.</summary>
/// <param name="Name">The metric's name, as in <see cref="MetricCatalog.NamesFor"/>.</param>
/// <param name="Value">The value; NaN when the metric is undefined for these predictions.</param>
/// <param name="UndefinedReason">Why the metric is undefined (for example, a single class where ROC AUC needs two); null when it is defined.</param>
public sealed record MetricValue(string Name, double Value, string? UndefinedReason)
{
    /// <summary>True when the metric has a value for these predictions.</summary>
    public bool IsDefined => UndefinedReason is null;
}
