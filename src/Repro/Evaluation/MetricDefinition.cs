namespace Repro.Evaluation;

/// <summary>One entry of the metric catalog: its name, the tasks it applies to, its direction and how to compute it.</summary>
/// <remarks>
/// A metric that is a function of the confusion matrix alone (<see cref="OfConfusion"/>), or of the mean
/// of a per-row term (<see cref="RowTerm"/> then <see cref="OfMean"/>), says so, so that
/// <see cref="ResampleMetrics"/> can compute it on a resample from weighted counts with the same formula.
/// </remarks>
internal sealed record MetricDefinition(string Name, bool HigherIsBetter, IReadOnlySet<PredictionTask> Tasks, Func<MetricInputs, double> Compute)
{
    /// <summary>The metric as a function of the confusion matrix, when it is one.</summary>
    public Func<ConfusionMatrix, double>? OfConfusion { get; init; }

    /// <summary>
    /// The term of a row (predictions, row index) when the metric is a function of the mean of such terms;
    /// NaN marks a row on which the metric is undefined.
    /// </summary>
    public Func<Predictions, int, double>? RowTerm { get; init; }

    /// <summary>The metric as a function of the mean of <see cref="RowTerm"/>; null for the mean itself.</summary>
    public Func<double, double>? OfMean { get; init; }

    /// <summary>A metric computed from the confusion matrix, by <paramref name="formula"/> in both paths.</summary>
    public static MetricDefinition FromConfusion(string name, IReadOnlySet<PredictionTask> tasks, Func<ConfusionMatrix, double> formula) =>
        new(name, true, tasks, inputs => formula(inputs.Confusion)) { OfConfusion = formula };
}
