using System.Collections.Frozen;

namespace Repro.Evaluation;

/// <summary>
/// The metrics Repro computes, by scikit-learn name and with scikit-learn's semantics, bit-identical
/// whatever the number of threads: every sum is exact and rounded once, counts are integers, and the
/// ROC AUC and average precision walk a uniquely sorted order.
/// </summary>
/// <remarks>
/// Binary hard predictions are <c>score &gt;= MetricOptions.Threshold</c>; multiclass hard predictions are
/// the class with the highest score, the first on ties. Binary precision, recall and F1 are for class 1;
/// macro and weighted averages run over the classes present in the true or predicted labels; a zero
/// division gives 0. Log loss clips probabilities to [1e-15, 1 - 1e-15] and renormalizes each row.
/// </remarks>
public static class MetricCatalog
{
    private static readonly FrozenSet<PredictionTask> BinaryOnly = FrozenSet.ToFrozenSet([PredictionTask.Binary]);
    private static readonly FrozenSet<PredictionTask> MulticlassOnly = FrozenSet.ToFrozenSet([PredictionTask.Multiclass]);
    private static readonly FrozenSet<PredictionTask> Classification = FrozenSet.ToFrozenSet([PredictionTask.Binary, PredictionTask.Multiclass]);
    private static readonly FrozenSet<PredictionTask> RegressionOnly = FrozenSet.ToFrozenSet([PredictionTask.Regression]);

    // DESIGN.md's order; NamesFor keeps it.
    private static readonly MetricDefinition[] Definitions =
    [
        MetricDefinition.FromConfusion("accuracy", Classification, ClassificationMetrics.Accuracy),
        MetricDefinition.FromConfusion("balanced_accuracy", Classification, ClassificationMetrics.BalancedAccuracy),
        MetricDefinition.FromConfusion("precision", BinaryOnly, ClassificationMetrics.Precision),
        MetricDefinition.FromConfusion("recall", BinaryOnly, ClassificationMetrics.Recall),
        MetricDefinition.FromConfusion("f1", BinaryOnly, ClassificationMetrics.F1),
        MetricDefinition.FromConfusion("f1_macro", Classification, ClassificationMetrics.F1Macro),
        MetricDefinition.FromConfusion("f1_micro", Classification, ClassificationMetrics.F1Micro),
        MetricDefinition.FromConfusion("f1_weighted", Classification, ClassificationMetrics.F1Weighted),
        MetricDefinition.FromConfusion("precision_macro", Classification, ClassificationMetrics.PrecisionMacro),
        MetricDefinition.FromConfusion("recall_macro", Classification, ClassificationMetrics.RecallMacro),
        new("roc_auc", true, BinaryOnly, RankingMetrics.RocAuc),
        new("roc_auc_ovr_macro", true, MulticlassOnly, RankingMetrics.RocAucOneVsRestMacro),
        new("roc_auc_ovo_macro", true, MulticlassOnly, RankingMetrics.RocAucOneVsOneMacro),
        new("average_precision", true, BinaryOnly, RankingMetrics.AveragePrecision),
        new("log_loss", false, Classification, m => ProbabilisticMetrics.LogLoss(m.Predictions, m.MaxDegreeOfParallelism)) { RowTerm = ProbabilisticMetrics.LossTerm },
        new("brier_score", false, BinaryOnly, m => ProbabilisticMetrics.BrierScore(m.Predictions, m.MaxDegreeOfParallelism)) { RowTerm = ProbabilisticMetrics.BrierTerm },
        MetricDefinition.FromConfusion("matthews_corrcoef", Classification, ClassificationMetrics.MatthewsCorrelation),
        new("top_2_accuracy", true, MulticlassOnly, m => RankingMetrics.TopKAccuracy(m.Predictions, 2, m.MaxDegreeOfParallelism)) { RowTerm = (p, row) => RankingMetrics.TopKHit(p, row, 2) },
        new("mse", false, RegressionOnly, m => RegressionMetrics.MeanSquaredError(m.Predictions, m.MaxDegreeOfParallelism)) { RowTerm = RegressionMetrics.SquaredErrorTerm },
        new("rmse", false, RegressionOnly, m => RegressionMetrics.RootMeanSquaredError(m.Predictions, m.MaxDegreeOfParallelism)) { RowTerm = RegressionMetrics.SquaredErrorTerm, OfMean = Math.Sqrt },
        new("mae", false, RegressionOnly, m => RegressionMetrics.MeanAbsoluteError(m.Predictions, m.MaxDegreeOfParallelism)) { RowTerm = RegressionMetrics.AbsoluteErrorTerm },
        new("r2", true, RegressionOnly, m => RegressionMetrics.R2(m.Predictions, m.MaxDegreeOfParallelism)),
        new("mape", false, RegressionOnly, m => RegressionMetrics.MeanAbsolutePercentageError(m.Predictions, m.MaxDegreeOfParallelism)) { RowTerm = RegressionMetrics.PercentageErrorTerm },
    ];

    private static readonly IReadOnlyList<string> AllNames = Array.AsReadOnly(Definitions.Select(d => d.Name).ToArray());

    private static readonly FrozenDictionary<string, MetricDefinition> ByName =
        Definitions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<PredictionTask, IReadOnlyList<string>> NamesByTask =
        Enum.GetValues<PredictionTask>().ToFrozenDictionary(
            task => task,
            task => (IReadOnlyList<string>)Array.AsReadOnly(Definitions.Where(d => d.Tasks.Contains(task)).Select(d => d.Name).ToArray()));

    /// <summary>
    /// The metric names that apply to a task, in a fixed order (DESIGN.md's). Binary: accuracy,
    /// balanced_accuracy, precision, recall, f1, f1_macro, f1_micro, f1_weighted, precision_macro,
    /// recall_macro, roc_auc, average_precision, log_loss, brier_score, matthews_corrcoef. Multiclass:
    /// accuracy, balanced_accuracy, f1_macro, f1_micro, f1_weighted, precision_macro, recall_macro,
    /// roc_auc_ovr_macro, roc_auc_ovo_macro, log_loss, matthews_corrcoef, top_2_accuracy.
    /// Regression: mse, rmse, mae, r2, mape.
    /// </summary>
    public static IReadOnlyList<string> NamesFor(PredictionTask task) =>
        NamesByTask.TryGetValue(task, out var names) ? names : throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown prediction task.");

    /// <summary>Computes one metric.</summary>
    /// <param name="name">A name from <see cref="NamesFor"/> for the predictions' task.</param>
    /// <param name="predictions">The predictions to score.</param>
    /// <param name="options">The binary decision threshold; null for the defaults.</param>
    /// <returns>The metric's value, bit-identical whatever the machine's thread count.</returns>
    /// <exception cref="UnknownMetricException">The name is unknown or does not apply to the task; the message lists the valid names.</exception>
    /// <exception cref="MetricUndefinedException">
    /// The metric has no value for these predictions, where scikit-learn raises: no rows, ROC AUC with
    /// one class, multiclass ROC AUC with rows that are not probabilities, R2 with one row, a Brier score
    /// with a score outside [0, 1].
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN.</exception>
    public static double Compute(string name, Predictions predictions, MetricOptions? options = null) =>
        Compute(name, predictions, options, Environment.ProcessorCount);

    /// <summary>Computes every metric of <see cref="NamesFor"/> for the predictions' task, in that order.</summary>
    /// <param name="predictions">The predictions to score.</param>
    /// <param name="options">The binary decision threshold; null for the defaults.</param>
    /// <returns>One value per metric; an undefined metric has Value NaN and its reason.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN.</exception>
    public static IReadOnlyList<MetricValue> ComputeAll(Predictions predictions, MetricOptions? options = null) =>
        ComputeAll(predictions, options, Environment.ProcessorCount);

    /// <summary>True when a larger value is better: false for log_loss, brier_score, mse, rmse, mae and mape.</summary>
    /// <exception cref="UnknownMetricException">The name is unknown.</exception>
    public static bool HigherIsBetter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out var definition)
            ? definition.HigherIsBetter
            : throw new UnknownMetricException(name, null, AllNames);
    }

    internal static bool IsKnown(string name) => ByName.ContainsKey(name);

    /// <summary>Computes one metric using at most <paramref name="maxDegreeOfParallelism"/> threads.</summary>
    internal static double Compute(string name, Predictions predictions, MetricOptions? options, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(predictions);
        var definition = Find(name, predictions.Task);
        using var inputs = new MetricInputs(predictions, options, maxDegreeOfParallelism);
        return Evaluate(definition, inputs);
    }

    /// <summary>Computes every metric for the task using at most <paramref name="maxDegreeOfParallelism"/> threads.</summary>
    internal static IReadOnlyList<MetricValue> ComputeAll(Predictions predictions, MetricOptions? options, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        using var inputs = new MetricInputs(predictions, options, maxDegreeOfParallelism);
        var values = new List<MetricValue>();
        foreach (var name in NamesFor(predictions.Task))
        {
            try
            {
                values.Add(new MetricValue(name, Evaluate(ByName[name], inputs), null));
            }
            catch (MetricUndefinedException e)
            {
                values.Add(new MetricValue(name, double.NaN, e.Reason));
            }
        }

        return values;
    }

    /// <summary>The definition of a metric that applies to the task.</summary>
    /// <exception cref="UnknownMetricException">The name is unknown or does not apply to the task.</exception>
    internal static MetricDefinition Find(string name, PredictionTask task) =>
        ByName.TryGetValue(name, out var definition) && definition.Tasks.Contains(task)
            ? definition
            : throw new UnknownMetricException(name, task, NamesFor(task));

    private static double Evaluate(MetricDefinition definition, MetricInputs inputs)
    {
        if (inputs.Predictions.Count == 0)
        {
            throw new MetricUndefinedException(definition.Name, "there are no rows");
        }

        return definition.Compute(inputs);
    }
}
