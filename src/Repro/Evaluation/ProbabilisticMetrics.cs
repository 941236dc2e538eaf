using System.Globalization;
using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>Metrics of predicted probabilities, with scikit-learn's semantics; sums are exact, over fixed chunks.</summary>
internal static class ProbabilisticMetrics
{
    /// <summary>Probabilities are clipped to [Epsilon, 1 - Epsilon] before the logarithm.</summary>
    public const double Epsilon = 1e-15;

    private const double OneMinusEpsilon = 1 - Epsilon;

    /// <summary>
    /// The mean negative log-likelihood of the true class, natural logarithm. As scikit-learn 1.2's
    /// log_loss with eps=1e-15: each probability is clipped to [1e-15, 1 - 1e-15], then each row is
    /// renormalized to sum to 1 (a binary score p is the row [1 - p, p]).
    /// </summary>
    /// <remarks>Math.Log is the platform's C runtime log; its last bit may differ between C runtimes.</remarks>
    public static double LogLoss(Predictions predictions, int maxDegreeOfParallelism)
    {
        var width = predictions.Task == PredictionTask.Binary ? 1 : predictions.Classes.Count;
        var sum = FixedChunks.Sum(predictions.Count, maxDegreeOfParallelism, (start, end, terms) =>
        {
            var labels = predictions.Labels[start..end];
            var scores = predictions.Scores[(start * width)..(end * width)];
            if (width == 1)
            {
                AddBinaryLosses(labels, scores, terms);
            }
            else
            {
                AddMulticlassLosses(labels, scores, width, terms);
            }
        });
        return sum / predictions.Count;
    }

    /// <summary>The mean squared difference between the score and the 0/1 label (scikit-learn's brier_score_loss).</summary>
    /// <exception cref="MetricUndefinedException">A score is outside [0, 1] (scikit-learn raises).</exception>
    public static double BrierScore(Predictions predictions, int maxDegreeOfParallelism)
    {
        var sum = FixedChunks.Sum(predictions.Count, maxDegreeOfParallelism, (start, end, terms) =>
            AddSquaredErrors(predictions.Labels[start..end], predictions.Scores[start..end], start, terms));
        return sum / predictions.Count;
    }

    /// <summary>Row <paramref name="row"/>'s term of <see cref="LogLoss"/> (the log loss is the mean of these).</summary>
    public static double LossTerm(Predictions predictions, int row)
    {
        if (predictions.Task == PredictionTask.Binary)
        {
            return BinaryLoss(predictions.Labels[row], predictions.Scores[row]);
        }

        var width = predictions.Classes.Count;
        return MulticlassLoss(predictions.Labels[row], predictions.Scores.Slice(row * width, width));
    }

    /// <summary>Row <paramref name="row"/>'s term of <see cref="BrierScore"/>; NaN when its score is outside [0, 1], where the score is undefined.</summary>
    public static double BrierTerm(Predictions predictions, int row) => SquaredError(predictions.Labels[row], predictions.Scores[row]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBinaryLosses(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, ExactSum terms)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            terms.Add(BinaryLoss(labels[i], scores[i]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddMulticlassLosses(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int width, ExactSum terms)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            terms.Add(MulticlassLoss(labels[i], scores.Slice(i * width, width)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSquaredErrors(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int firstRow, ExactSum terms)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var term = SquaredError(labels[i], scores[i]);
            if (double.IsNaN(term))
            {
                throw new MetricUndefinedException("brier_score", $"row {firstRow + i} has score {scores[i].ToString("R", CultureInfo.InvariantCulture)}, outside [0, 1]; the Brier score needs probabilities");
            }

            terms.Add(term);
        }
    }

    // The row [1 - p, p] after clipping; the division renormalizes it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double BinaryLoss(int label, double score)
    {
        var one = Clip(score);
        var zero = 1 - one;
        return -Math.Log((label == 1 ? one : zero) / (zero + one));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MulticlassLoss(int label, ReadOnlySpan<double> row)
    {
        var total = 0.0;
        foreach (var score in row)
        {
            total += Clip(score);
        }

        return -Math.Log(Clip(row[label]) / total);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SquaredError(int label, double score)
    {
        if (score is < 0 or > 1)
        {
            return double.NaN;
        }

        var difference = label - score;
        return difference * difference;
    }

    private static double Clip(double probability) => Math.Min(Math.Max(probability, Epsilon), OneMinusEpsilon);
}
