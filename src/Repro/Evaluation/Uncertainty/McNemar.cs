namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// McNemar's exact test for two classifiers on the same examples: do they make different numbers of
/// mistakes? Only the discordant examples count, b (A right, B wrong) and c (B right, A wrong); under the
/// null hypothesis each discordant example is equally likely to go either way, so min(b, c) follows a
/// binomial distribution with n = b + c trials and probability 1/2.
/// </summary>
/// <remarks>
/// The exact two-sided p-value is min(1, 2 × P(X ≤ min(b, c))) for X ~ Binomial(b + c, 1/2), which is
/// statsmodels' <c>mcnemar(table, exact=True)</c> and, the distribution being symmetric, scipy's
/// <c>binomtest(min(b, c), b + c, 0.5)</c>; it is 1 when b = c (including when there are no discordant
/// examples). It is computed with multiplications and exact scaling by powers of two only (no
/// <c>Math.Exp</c> or <c>Math.Log</c>), so it is the same on every platform; the relative error grows
/// with min(b, c) by about 1e-16 per step (1e-10 at a million).
/// A row is right when its hard prediction equals its label: binary, score ≥ threshold; multiclass,
/// the class with the highest score, the first on ties.
/// </remarks>
public static class McNemar
{
    private static readonly double RescaleAbove = Math.ScaleB(1.0, 512);

    /// <summary>Tests whether two classifiers' error rates differ on the same examples.</summary>
    /// <param name="a">The first classifier's predictions.</param>
    /// <param name="b">The second's, of the same examples (paired by id, or by row order when neither has ids).</param>
    /// <param name="options">The binary threshold; default 0.5.</param>
    /// <exception cref="PredictionsMismatchException">The sets cannot be paired.</exception>
    /// <exception cref="ArgumentException">The predictions are regression predictions (there is no right or wrong).</exception>
    public static McNemarResult Test(Predictions a, Predictions b, MetricOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Task == PredictionTask.Regression || b.Task == PredictionTask.Regression)
        {
            throw new ArgumentException("McNemar's test compares classifiers; regression predictions are not right or wrong.", nameof(a));
        }

        var aligned = AlignedPredictions.Align(a, b);
        var threshold = (options ?? new MetricOptions()).Threshold;
        int bothCorrect = 0, onlyA = 0, onlyB = 0, bothWrong = 0;
        for (var i = 0; i < aligned.A.Count; i++)
        {
            var rightA = IsCorrect(aligned.A, i, threshold);
            var rightB = IsCorrect(aligned.B, i, threshold);
            if (rightA && rightB)
            {
                bothCorrect++;
            }
            else if (rightA)
            {
                onlyA++;
            }
            else if (rightB)
            {
                onlyB++;
            }
            else
            {
                bothWrong++;
            }
        }

        return new McNemarResult(aligned.A.Count, aligned.By, bothCorrect, onlyA, onlyB, bothWrong, ExactPValue(onlyA, onlyB));
    }

    /// <summary>
    /// The exact two-sided p-value from the discordant counts: min(1, 2 × P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double ExactPValue(long onlyACorrect, long onlyBCorrect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyACorrect);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyBCorrect);
        var n = onlyACorrect + onlyBCorrect;
        var k = Math.Min(onlyACorrect, onlyBCorrect);
        if (2 * k == n)
        {
            return 1;
        }

        // P(X = k) = C(n, k) / 2^n, kept as mantissa × 2^exponent: C(n, k) is built as the product of
        // (n - k + j) / j for j = 1..k, rescaled by exact powers of two so that it never overflows.
        const int Rescale = 512;
        var mantissa = 1.0;
        long exponent = -n;
        for (long j = 1; j <= k; j++)
        {
            mantissa *= (double)(n - k + j) / j;
            if (mantissa > RescaleAbove)
            {
                mantissa = Math.ScaleB(mantissa, -Rescale);
                exponent += Rescale;
            }
        }

        // Σ_{i ≤ k} P(X = i) / P(X = k), from i = k down: each term is the previous × i / (n - i + 1);
        // they shrink at least geometrically below the mode, so the sum stops once they no longer count.
        var sum = 0.0;
        var term = 1.0;
        for (var i = k; i >= 0; i--)
        {
            sum += term;
            if (i == 0)
            {
                break;
            }

            term *= (double)i / (n - i + 1);
            if (term < sum * 1e-18)
            {
                break;
            }
        }

        var scaled = 2 * mantissa * sum;
        var p = exponent < -2200 ? 0 : Math.ScaleB(scaled, (int)exponent);
        return Math.Min(1, p);
    }

    private static bool IsCorrect(Predictions predictions, int row, double threshold)
    {
        var label = predictions.Labels[row];
        if (predictions.Task == PredictionTask.Binary)
        {
            return (predictions.Scores[row] >= threshold ? 1 : 0) == label;
        }

        var width = predictions.Classes.Count;
        var scores = predictions.Scores.Slice(row * width, width);
        var predicted = 0;
        for (var c = 1; c < width; c++)
        {
            if (scores[c] > scores[predicted])
            {
                predicted = c;
            }
        }

        return predicted == label;
    }
}
