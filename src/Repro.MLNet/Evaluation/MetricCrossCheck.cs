using System.Globalization;
using Microsoft.ML;
using Repro.Evaluation;

namespace Repro.MLNet.Evaluation;

/// <summary>
/// Computes the metrics ML.NET and Repro both have on the same scored rows and compares them. A difference beyond
/// the tolerance is <see cref="MetricAgreement.Explained"/> when Repro, recomputing the metric as ML.NET defines
/// it, finds ML.NET's value, and <see cref="MetricAgreement.Disagrees"/> otherwise. Outcomes are data: only bad
/// input throws.
/// </summary>
/// <remarks>
/// <para>Known differences of definition, each recomputed to explain a gap:</para>
/// <list type="bullet">
/// <item>Binary log loss: ML.NET reports it in bits (log base 2); it is multiplied by ln 2 to compare with Repro's
/// nats. ML.NET does not clip probabilities; Repro, as scikit-learn, clips them to [1e-15, 1 - 1e-15].</item>
/// <item>Binary hard predictions (accuracy, precision, recall, F1): ML.NET predicts true when the raw score is above
/// 0; Repro when the probability is at least the threshold (0.5). They differ only where the calibrator does not
/// map 0 to 0.5 or the single-precision probability rounds to 0.5.</item>
/// <item>ROC AUC: ML.NET ranks the raw scores, Repro the probabilities, which single precision can tie (a
/// sigmoid saturates at 1 for large scores).</item>
/// <item>Multiclass log loss: ML.NET clips the true class's probability below at 1e-15 only, and does not
/// renormalize rows, whose single-precision probabilities sum to 1 only within rounding.</item>
/// <item>R2: ML.NET squares each label in single precision and takes the labels' variance as (Σy² − (Σy)²/n)/n,
/// which loses digits when their mean is large against their spread; Repro sums exactly.</item>
/// <item>Clustering: see <see cref="Clustering"/>.</item>
/// </list>
/// </remarks>
public static partial class MetricCrossCheck
{
    private const string BitsToNats = "ML.NET reports binary log loss in bits (log base 2); multiplied by ln 2 to compare in nats";

    /// <summary>
    /// Cross-checks binary metrics: roc_auc (AreaUnderRocCurve), accuracy, precision (PositivePrecision), recall
    /// (PositiveRecall), f1 (F1Score) and log_loss (LogLoss). Repro scores the probabilities, as
    /// <see cref="MLNetPredictions.Binary"/> gives them.
    /// </summary>
    /// <param name="context">The ML.NET context that evaluates.</param>
    /// <param name="scored">Data scored by a calibrated binary model.</param>
    /// <param name="labelColumnName">The Boolean label column.</param>
    /// <param name="scoreColumnName">The raw score column.</param>
    /// <param name="probabilityColumnName">The probability column.</param>
    /// <param name="options">Tolerances and Repro's threshold; null for the defaults.</param>
    /// <exception cref="MLNetDataException">A column is missing or mistyped, there are no rows, or only one class is present.</exception>
    public static MetricCrossCheckReport Binary(MLContext context, IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score",
        string probabilityColumnName = "Probability", MetricCrossCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options = Checked(options);
        var rows = ScoredData.ReadBinary(scored, labelColumnName, probabilityColumnName, scoreColumnName, idName: null);
        RequireRows(rows.Labels.Length, "binary");
        if (rows.Labels.Distinct().Count() < 2)
        {
            throw new MLNetDataException($"Every row of the scored data has the label {rows.Labels[0] == 1}: a binary cross-check needs both classes (ROC AUC is undefined on one).");
        }

        var mlnet = Evaluated(() => context.BinaryClassification.Evaluate(scored, labelColumnName, scoreColumnName, probabilityColumnName), scored);
        var probabilities = Predictions.Binary(rows.Labels, rows.Probabilities);
        var raw = Predictions.Binary(rows.Labels, rows.RawScores);
        var threshold = options.Metric ?? new MetricOptions();
        var aboveZero = new MetricOptions { Threshold = double.Epsilon }; // score >= the least positive double: score > 0
        var hardNote = $"ML.NET predicts true when the raw score is above 0, Repro when the probability is at least {threshold.Threshold.ToString("R", CultureInfo.InvariantCulture)}";
        var tolerance = options.Tolerance;
        var unclippedBits = UnclippedBinaryLogLoss(rows);
        var clipped = rows.Labels.Select((label, i) => label == 1 ? rows.Probabilities[i] : 1 - rows.Probabilities[i]).Count(p => p < 1e-15);
        return new MetricCrossCheckReport("binary", rows.Labels.Length,
        [
            Compare("roc_auc", "AreaUnderRocCurve", mlnet.AreaUnderRocCurve, Repro("roc_auc", probabilities), tolerance,
                explained: () => Repro("roc_auc", raw).Value,
                explanation: "ML.NET ranks the raw scores, Repro the probabilities, which single precision ties where the raw scores differ"),
            Compare("accuracy", "Accuracy", mlnet.Accuracy, Repro("accuracy", probabilities, threshold), tolerance,
                explained: () => Repro("accuracy", raw, aboveZero).Value, explanation: hardNote),
            Compare("precision", "PositivePrecision", mlnet.PositivePrecision, Repro("precision", probabilities, threshold), tolerance,
                explained: () => Repro("precision", raw, aboveZero).Value, explanation: hardNote),
            Compare("recall", "PositiveRecall", mlnet.PositiveRecall, Repro("recall", probabilities, threshold), tolerance,
                explained: () => Repro("recall", raw, aboveZero).Value, explanation: hardNote),
            Compare("f1", "F1Score", mlnet.F1Score, Repro("f1", probabilities, threshold), tolerance,
                explained: () => Repro("f1", raw, aboveZero).Value, explanation: hardNote),
            Compare("log_loss", "LogLoss", mlnet.LogLoss, Repro("log_loss", probabilities), tolerance,
                explained: () => unclippedBits * Math.Log(2),
                explanation: $"ML.NET does not clip probabilities to [1e-15, 1 - 1e-15] as scikit-learn and Repro do; {clipped} rows give their true class less than 1e-15",
                toRepro: bits => bits * Math.Log(2), conversion: BitsToNats),
        ]);
    }

    /// <summary>
    /// Cross-checks multiclass metrics: accuracy (MicroAccuracy), balanced_accuracy (MacroAccuracy) and log_loss
    /// (LogLoss). Repro scores the per-class scores as <see cref="MLNetPredictions.Multiclass"/> gives them.
    /// </summary>
    /// <param name="context">The ML.NET context that evaluates.</param>
    /// <param name="scored">Data scored by a multiclass model, with a key label column.</param>
    /// <param name="labelColumnName">The key label column.</param>
    /// <param name="scoreColumnName">The vector of per-class scores.</param>
    /// <param name="predictedLabelColumnName">The predicted label column ML.NET's evaluator requires.</param>
    /// <param name="options">Tolerances; null for the defaults.</param>
    /// <exception cref="MLNetDataException">A column is missing or mistyped, a label is missing, or there are no rows.</exception>
    public static MetricCrossCheckReport Multiclass(MLContext context, IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", MetricCrossCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options = Checked(options);
        var rows = ScoredData.ReadMulticlass(scored, labelColumnName, scoreColumnName, idName: null);
        RequireRows(rows.Labels.Length, "multiclass");
        var mlnet = Evaluated(() => context.MulticlassClassification.Evaluate(scored, labelColumnName, scoreColumnName, predictedLabelColumnName), scored);
        var predictions = Predictions.Multiclass(rows.Labels, rows.Scores, rows.Classes);
        var largestDrift = LargestRowSumDrift(rows);
        return new MetricCrossCheckReport("multiclass", rows.Labels.Length,
        [
            Compare("accuracy", "MicroAccuracy", mlnet.MicroAccuracy, Repro("accuracy", predictions), options.Tolerance),
            Compare("balanced_accuracy", "MacroAccuracy", mlnet.MacroAccuracy, Repro("balanced_accuracy", predictions), options.Tolerance),
            Compare("log_loss", "LogLoss", mlnet.LogLoss, Repro("log_loss", predictions), options.Tolerance,
                explained: () => UnnormalizedMulticlassLogLoss(rows),
                explanation: "ML.NET neither renormalizes each row to sum to 1 nor clips at 1 - 1e-15, as scikit-learn and Repro do; " +
                    $"these single-precision rows sum to 1 within {largestDrift.ToString("G3", CultureInfo.InvariantCulture)}"),
        ]);
    }

    /// <summary>
    /// Cross-checks regression metrics: mse (MeanSquaredError), rmse (RootMeanSquaredError), mae
    /// (MeanAbsoluteError) and r2 (RSquared).
    /// </summary>
    /// <param name="context">The ML.NET context that evaluates.</param>
    /// <param name="scored">Data scored by a regression model.</param>
    /// <param name="labelColumnName">The Single label column.</param>
    /// <param name="scoreColumnName">The Single score column.</param>
    /// <param name="options">Tolerances; null for the defaults.</param>
    /// <exception cref="MLNetDataException">A column is missing or mistyped, a value is not finite, or there are no rows.</exception>
    public static MetricCrossCheckReport Regression(MLContext context, IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score",
        MetricCrossCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options = Checked(options);
        var rows = ScoredData.ReadRegression(scored, labelColumnName, scoreColumnName, idName: null);
        RequireRows(rows.Targets.Length, "regression");
        var mlnet = Evaluated(() => context.Regression.Evaluate(scored, labelColumnName, scoreColumnName), scored);
        var predictions = Predictions.Regression(rows.Targets, rows.Estimates);
        return new MetricCrossCheckReport("regression", rows.Targets.Length,
        [
            Compare("mse", "MeanSquaredError", mlnet.MeanSquaredError, Repro("mse", predictions), options.Tolerance),
            Compare("rmse", "RootMeanSquaredError", mlnet.RootMeanSquaredError, Repro("rmse", predictions), options.Tolerance),
            Compare("mae", "MeanAbsoluteError", mlnet.MeanAbsoluteError, Repro("mae", predictions), options.Tolerance),
            Compare("r2", "RSquared", mlnet.RSquared, Repro("r2", predictions), options.Tolerance,
                explained: () => NaiveRSquared(rows),
                explanation: "ML.NET squares each label in single precision and takes the labels' variance as (Σy² − (Σy)²/n)/n, which loses digits when their mean is large against their spread"),
        ]);
    }

    private static MetricCrossCheckOptions Checked(MetricCrossCheckOptions? options)
    {
        options ??= new MetricCrossCheckOptions();
        options.Validate();
        return options;
    }

    private static void RequireRows(int count, string task)
    {
        if (count == 0)
        {
            throw new MLNetDataException($"The scored data has no rows: there is nothing to cross-check ({task}).");
        }
    }

    /// <summary>Runs ML.NET's evaluator, reporting a schema mismatch it finds as bad input.</summary>
    private static T Evaluated<T>(Func<T> evaluate, IDataView scored)
    {
        try
        {
            return evaluate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new MLNetDataException($"ML.NET cannot evaluate the scored data: {ex.Message} The data has the columns {ScoredData.DescribeColumns(scored.Schema)}.", ex);
        }
    }

    private static (double Value, string? Reason) Repro(string metric, Predictions predictions, MetricOptions? options = null)
    {
        try
        {
            return (MetricCatalog.Compute(metric, predictions, options), null);
        }
        catch (MetricUndefinedException ex)
        {
            return (double.NaN, ex.Reason);
        }
    }

    internal static MetricComparison Compare(string metric, string mlnetMetric, double mlnetValue, (double Value, string? Reason) repro, double tolerance,
        Func<double>? explained = null, string? explanation = null, Func<double, double>? toRepro = null, string? conversion = null)
    {
        var compared = toRepro is null ? mlnetValue : toRepro(mlnetValue);
        if (Close(repro.Value, compared, tolerance))
        {
            return new(metric, mlnetMetric, mlnetValue, compared, repro.Value, tolerance, MetricAgreement.Agrees, conversion);
        }

        if (explained is not null && Close(Defined(explained), compared, tolerance))
        {
            return new(metric, mlnetMetric, mlnetValue, compared, repro.Value, tolerance, MetricAgreement.Explained, Join(conversion, explanation));
        }

        var why = repro.Reason is null
            ? $"differs by {(repro.Value - compared).ToString("G3", CultureInfo.InvariantCulture)}, beyond the tolerance"
            : $"Repro: undefined, {repro.Reason}";
        return new(metric, mlnetMetric, mlnetValue, compared, repro.Value, tolerance, MetricAgreement.Disagrees, Join(conversion, why));
    }

    /// <summary>Equal within a tolerance relative to max(1, |a|, |b|); NaN matches only NaN, an infinity only itself.</summary>
    internal static bool Close(double a, double b, double tolerance) =>
        a.Equals(b) || (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))));

    private static double Defined(Func<double> compute)
    {
        try
        {
            return compute();
        }
        catch (MetricUndefinedException)
        {
            return double.NaN;
        }
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}; {second}";

    // ML.NET's definition: -log2 of the true class's probability, unclipped, averaged.
    private static double UnclippedBinaryLogLoss(BinaryRows rows)
    {
        var sum = 0.0;
        for (var i = 0; i < rows.Labels.Length; i++)
        {
            var p = rows.Probabilities[i];
            sum += -Math.Log(rows.Labels[i] == 1 ? p : 1 - p, 2);
        }

        return sum / rows.Labels.Length;
    }

    // How far the rows' probabilities sum from 1, at most.
    private static double LargestRowSumDrift(MulticlassRows rows)
    {
        var width = rows.Classes.Length;
        var largest = 0.0;
        for (var i = 0; i < rows.Labels.Length; i++)
        {
            var sum = 0.0;
            foreach (var p in rows.Scores.AsSpan(i * width, width))
            {
                sum += p;
            }

            largest = Math.Max(largest, Math.Abs(1 - sum));
        }

        return largest;
    }

    // ML.NET's definition: -ln of the true class's probability clipped below at (float)1e-15 and above at 1, no renormalization.
    private static double UnnormalizedMulticlassLogLoss(MulticlassRows rows)
    {
        const float Epsilon = 1e-15f;
        var width = rows.Classes.Length;
        var sum = 0.0;
        for (var i = 0; i < rows.Labels.Length; i++)
        {
            var p = Math.Min(1, Math.Max(Epsilon, (float)rows.Scores[(i * width) + rows.Labels[i]]));
            sum += -Math.Log(p);
        }

        return sum / rows.Labels.Length;
    }

    // ML.NET's definition: 1 - SSE / (Σy² - (Σy)²/n), summed in row order, each y² rounded to single precision
    // (RegressionEvaluatorBase multiplies the float label by itself and the float weight before adding to a double).
    private static double NaiveRSquared(RegressionRows rows)
    {
        double squaredErrors = 0, labels = 0, squaredLabels = 0;
        for (var i = 0; i < rows.Targets.Length; i++)
        {
            var y = (float)rows.Targets[i];
            var error = rows.Targets[i] - rows.Estimates[i];
            squaredErrors += error * error;
            labels += y;
            squaredLabels += y * y;
        }

        var spread = squaredLabels - (labels * labels / rows.Targets.Length);
        return spread == 0 ? double.NaN : 1 - (squaredErrors / spread);
    }
}
