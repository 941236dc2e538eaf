// PLACEHOLDER (UNCERTAINTY branch only): the minimal real metrics the uncertainty code and its tests need,
// behind the exact catalog API of BRIEF-EVAL.md. The METRICS helper's MetricCatalog.cs and its types
// replace this whole file at merge; nothing outside the shared API is defined here.
namespace Repro.Evaluation;

/// <summary>Options of metrics that need a decision rule.</summary>
public sealed record MetricOptions
{
    /// <summary>Binary hard prediction: score &gt;= Threshold is class 1. Default 0.5.</summary>
    public double Threshold { get; init; } = 0.5;
}

/// <summary>A metric's value, NaN with a reason when undefined.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Value">The value, NaN when undefined.</param>
/// <param name="UndefinedReason">Why the value is undefined, or null.</param>
public sealed record MetricValue(string Name, double Value, string? UndefinedReason);

/// <summary>An unknown or inapplicable metric name.</summary>
public sealed class UnknownMetricException : ReproException
{
    /// <summary>Creates the exception.</summary>
    public UnknownMetricException(string message) : base(message) { }
}

/// <summary>A metric that is undefined on the given predictions.</summary>
public sealed class MetricUndefinedException : ReproException
{
    /// <summary>Creates the exception.</summary>
    public MetricUndefinedException(string message) : base(message) { }
}

/// <summary>The metrics by name.</summary>
public static class MetricCatalog
{
    /// <summary>The metric names that apply to a task, in a fixed order.</summary>
    public static IReadOnlyList<string> NamesFor(PredictionTask task) => task switch
    {
        PredictionTask.Binary => ["accuracy", "roc_auc"],
        PredictionTask.Multiclass => ["accuracy"],
        _ => ["mse", "rmse"],
    };

    /// <summary>Computes one metric.</summary>
    /// <exception cref="UnknownMetricException">The name is unknown or does not apply.</exception>
    /// <exception cref="MetricUndefinedException">The metric is undefined on these predictions.</exception>
    public static double Compute(string name, Predictions predictions, MetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (!NamesFor(predictions.Task).Contains(name))
        {
            throw new UnknownMetricException($"Unknown metric '{name}' for {predictions.Task} predictions; valid: {string.Join(", ", NamesFor(predictions.Task))}.");
        }

        var threshold = (options ?? new MetricOptions()).Threshold;
        return name switch
        {
            "accuracy" => Accuracy(predictions, threshold),
            "roc_auc" => RocAuc(predictions),
            "mse" => MeanSquaredError(predictions),
            _ => Math.Sqrt(MeanSquaredError(predictions)),
        };
    }

    /// <summary>Every metric of the task; undefined ones are NaN with a reason.</summary>
    public static IReadOnlyList<MetricValue> ComputeAll(Predictions predictions, MetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var values = new List<MetricValue>();
        foreach (var name in NamesFor(predictions.Task))
        {
            try
            {
                values.Add(new MetricValue(name, Compute(name, predictions, options), null));
            }
            catch (MetricUndefinedException ex)
            {
                values.Add(new MetricValue(name, double.NaN, ex.Message));
            }
        }

        return values;
    }

    /// <summary>False for error metrics (lower is better).</summary>
    public static bool HigherIsBetter(string name) =>
        name is not ("log_loss" or "brier_score" or "mse" or "rmse" or "mae" or "mape");

    private static double Accuracy(Predictions predictions, double threshold)
    {
        var labels = predictions.Labels;
        var scores = predictions.Scores;
        var k = predictions.Classes.Count;
        long correct = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            int predicted;
            if (predictions.Task == PredictionTask.Binary)
            {
                predicted = scores[i] >= threshold ? 1 : 0;
            }
            else
            {
                predicted = 0;
                for (var c = 1; c < k; c++)
                {
                    if (scores[(i * k) + c] > scores[(i * k) + predicted])
                    {
                        predicted = c;
                    }
                }
            }

            correct += predicted == labels[i] ? 1 : 0;
        }

        return (double)correct / predictions.Count;
    }

    private static double RocAuc(Predictions predictions)
    {
        var order = Enumerable.Range(0, predictions.Count).ToArray();
        var scores = predictions.Scores.ToArray();
        Array.Sort(scores, order);
        var labels = predictions.Labels;
        double positivesTotal = 0, negativesBelow = 0, area = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            double positives = 0, negatives = 0;
            while (end < order.Length && scores[end] == scores[start])
            {
                if (labels[order[end]] == 1)
                {
                    positives++;
                }
                else
                {
                    negatives++;
                }

                end++;
            }

            area += positives * (negativesBelow + (negatives / 2));
            negativesBelow += negatives;
            positivesTotal += positives;
            start = end;
        }

        if (positivesTotal == 0 || negativesBelow == 0)
        {
            throw new MetricUndefinedException("Only one class is present in y_true; ROC AUC is not defined in that case.");
        }

        return area / (positivesTotal * negativesBelow);
    }

    private static double MeanSquaredError(Predictions predictions)
    {
        var sum = 0.0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var d = predictions.Targets[i] - predictions.Estimates[i];
            sum += d * d;
        }

        return sum / predictions.Count;
    }
}
