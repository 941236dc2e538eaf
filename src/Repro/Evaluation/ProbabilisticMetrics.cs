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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBinaryLosses(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, ExactSum terms)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var one = Clip(scores[i]);
            var zero = 1 - one;
            terms.Add(-Math.Log((labels[i] == 1 ? one : zero) / (zero + one)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddMulticlassLosses(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int width, ExactSum terms)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var row = scores.Slice(i * width, width);
            var total = 0.0;
            foreach (var score in row)
            {
                total += Clip(score);
            }

            terms.Add(-Math.Log(Clip(row[labels[i]]) / total));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSquaredErrors(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int firstRow, ExactSum terms)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var score = scores[i];
            if (score is < 0 or > 1)
            {
                throw new MetricUndefinedException("brier_score", $"row {firstRow + i} has score {score.ToString("R", CultureInfo.InvariantCulture)}, outside [0, 1]; the Brier score needs probabilities");
            }

            var difference = labels[i] - score;
            terms.Add(difference * difference);
        }
    }

    private static double Clip(double probability) => Math.Min(Math.Max(probability, Epsilon), OneMinusEpsilon);
}
