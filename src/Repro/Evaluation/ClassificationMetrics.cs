namespace Repro.Evaluation;

/// <summary>
/// Metrics of hard predictions, all from the confusion matrix, with scikit-learn's semantics: binary
/// precision, recall and F1 are for class 1; the macro and weighted averages run over the classes
/// present in the true or the predicted labels (scikit-learn's default label set); a zero division
/// gives 0 (scikit-learn's default, without its warning).
/// </summary>
internal static class ClassificationMetrics
{
    /// <summary>The scores for each class, computed as scikit-learn's precision_recall_fscore_support.</summary>
    private readonly record struct ClassScores(double Precision, double Recall, double F1, long Support);

    public static double Accuracy(ConfusionMatrix matrix) => (double)matrix.Correct / matrix.Total;

    /// <summary>The mean recall over the classes present in the true labels.</summary>
    public static double BalancedAccuracy(ConfusionMatrix matrix)
    {
        var sum = new ExactSum();
        var present = 0;
        for (var k = 0; k < matrix.Classes.Count; k++)
        {
            var support = matrix.ActualTotal(k);
            if (support > 0)
            {
                sum.Add((double)matrix[k, k] / support);
                present++;
            }
        }

        return sum.ToDouble() / present;
    }

    public static double Precision(ConfusionMatrix matrix) => ScoresOf(matrix, 1).Precision;

    public static double Recall(ConfusionMatrix matrix) => ScoresOf(matrix, 1).Recall;

    public static double F1(ConfusionMatrix matrix) => ScoresOf(matrix, 1).F1;

    public static double PrecisionMacro(ConfusionMatrix matrix) => Macro(matrix, s => s.Precision);

    public static double RecallMacro(ConfusionMatrix matrix) => Macro(matrix, s => s.Recall);

    public static double F1Macro(ConfusionMatrix matrix) => Macro(matrix, s => s.F1);

    /// <summary>
    /// F1 over the pooled counts: every prediction is some class, so pooled precision and recall both
    /// equal accuracy; the F1 formula is applied to them as scikit-learn does.
    /// </summary>
    public static double F1Micro(ConfusionMatrix matrix)
    {
        var precision = Divide(matrix.Correct, matrix.Total);
        return F1Of(precision, precision);
    }

    /// <summary>The mean of the per-class F1 weighted by each class's support (true count).</summary>
    public static double F1Weighted(ConfusionMatrix matrix)
    {
        var sum = new ExactSum();
        for (var k = 0; k < matrix.Classes.Count; k++)
        {
            var scores = ScoresOf(matrix, k);
            sum.Add(scores.F1 * scores.Support);
        }

        return sum.ToDouble() / matrix.Total;
    }

    /// <summary>
    /// The Matthews correlation coefficient, multiclass form (Gorodkin's R_K, as scikit-learn): the
    /// covariances are exact integers; 0 when either variance is zero.
    /// </summary>
    public static double MatthewsCorrelation(ConfusionMatrix matrix)
    {
        Int128 samples = matrix.Total;
        Int128 trueDotPredicted = 0;
        Int128 predictedSquares = 0;
        Int128 trueSquares = 0;
        for (var k = 0; k < matrix.Classes.Count; k++)
        {
            Int128 actual = matrix.ActualTotal(k);
            Int128 predicted = matrix.PredictedTotal(k);
            trueDotPredicted += actual * predicted;
            predictedSquares += predicted * predicted;
            trueSquares += actual * actual;
        }

        var covariance = ((Int128)matrix.Correct * samples) - trueDotPredicted;
        var predictedVariance = (samples * samples) - predictedSquares;
        var trueVariance = (samples * samples) - trueSquares;
        if (predictedVariance == 0 || trueVariance == 0)
        {
            return 0.0;
        }

        return (double)covariance / Math.Sqrt((double)trueVariance * (double)predictedVariance);
    }

    private static double Macro(ConfusionMatrix matrix, Func<ClassScores, double> select)
    {
        var sum = new ExactSum();
        var labels = 0;
        for (var k = 0; k < matrix.Classes.Count; k++)
        {
            var scores = ScoresOf(matrix, k);
            if (scores.Support > 0 || matrix.PredictedTotal(k) > 0)
            {
                sum.Add(select(scores));
                labels++;
            }
        }

        return sum.ToDouble() / labels;
    }

    private static ClassScores ScoresOf(ConfusionMatrix matrix, int k)
    {
        var truePositives = matrix[k, k];
        var support = matrix.ActualTotal(k);
        var precision = Divide(truePositives, matrix.PredictedTotal(k));
        var recall = Divide(truePositives, support);
        return new ClassScores(precision, recall, F1Of(precision, recall), support);
    }

    // scikit-learn's F-beta with beta = 1: (1 + 1) * p * r / (p + r), 0 when p + r is 0.
    private static double F1Of(double precision, double recall)
    {
        var denominator = precision + recall;
        return denominator == 0 ? 0.0 : 2.0 * precision * recall / denominator;
    }

    private static double Divide(long numerator, long denominator) =>
        denominator == 0 ? 0.0 : (double)numerator / denominator;
}
