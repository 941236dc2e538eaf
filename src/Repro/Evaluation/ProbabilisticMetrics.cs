namespace Repro.Evaluation;

/// <summary>Metrics of predicted probabilities, with scikit-learn's semantics.</summary>
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
    public static double LogLoss(Predictions predictions)
    {
        var labels = predictions.Labels;
        var scores = predictions.Scores;
        var sum = new ExactSum();
        if (predictions.Task == PredictionTask.Binary)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                var one = Clip(scores[i]);
                var zero = 1 - one;
                sum.Add(-Math.Log((labels[i] == 1 ? one : zero) / (zero + one)));
            }
        }
        else
        {
            var width = predictions.Classes.Count;
            for (var i = 0; i < labels.Length; i++)
            {
                var row = scores.Slice(i * width, width);
                var total = 0.0;
                foreach (var score in row)
                {
                    total += Clip(score);
                }

                sum.Add(-Math.Log(Clip(row[labels[i]]) / total));
            }
        }

        return sum.ToDouble() / labels.Length;
    }

    /// <summary>The mean squared difference between the score and the 0/1 label (scikit-learn's brier_score_loss).</summary>
    /// <exception cref="MetricUndefinedException">A score is outside [0, 1] (scikit-learn raises).</exception>
    public static double BrierScore(Predictions predictions)
    {
        var labels = predictions.Labels;
        var scores = predictions.Scores;
        var sum = new ExactSum();
        for (var i = 0; i < labels.Length; i++)
        {
            var score = scores[i];
            if (score is < 0 or > 1)
            {
                throw new MetricUndefinedException("brier_score", $"row {i} has score {score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, outside [0, 1]; the Brier score needs probabilities");
            }

            var difference = labels[i] - score;
            sum.Add(difference * difference);
        }

        return sum.ToDouble() / labels.Length;
    }

    private static double Clip(double probability) => Math.Min(Math.Max(probability, Epsilon), OneMinusEpsilon);
}
