using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>Regression metrics with scikit-learn's semantics; sums are exact, over fixed chunks.</summary>
internal static class RegressionMetrics
{
    /// <summary>scikit-learn's MAPE floor on |y_true|: the double machine epsilon, 2^-52.</summary>
    private const double PercentageFloor = 2.220446049250313e-16;

    private enum Term
    {
        SquaredError,
        AbsoluteError,
        AbsolutePercentageError,
    }

    public static double MeanSquaredError(Predictions predictions, int maxDegreeOfParallelism) =>
        SumOf(Term.SquaredError, predictions, maxDegreeOfParallelism) / predictions.Count;

    public static double RootMeanSquaredError(Predictions predictions, int maxDegreeOfParallelism) =>
        Math.Sqrt(MeanSquaredError(predictions, maxDegreeOfParallelism));

    public static double MeanAbsoluteError(Predictions predictions, int maxDegreeOfParallelism) =>
        SumOf(Term.AbsoluteError, predictions, maxDegreeOfParallelism) / predictions.Count;

    /// <summary>
    /// The mean of |y_pred - y_true| / max(|y_true|, 2^-52), as a fraction (not percent), like
    /// scikit-learn's mean_absolute_percentage_error: a zero target gives a huge but finite term.
    /// </summary>
    public static double MeanAbsolutePercentageError(Predictions predictions, int maxDegreeOfParallelism) =>
        SumOf(Term.AbsolutePercentageError, predictions, maxDegreeOfParallelism) / predictions.Count;

    /// <summary>
    /// The coefficient of determination, 1 - SS_res / SS_tot. With a constant target (SS_tot = 0) it
    /// is 1 for a perfect fit and 0 otherwise, as scikit-learn's force_finite default.
    /// </summary>
    /// <exception cref="MetricUndefinedException">Fewer than two rows (scikit-learn returns NaN with a warning).</exception>
    public static double R2(Predictions predictions, int maxDegreeOfParallelism)
    {
        if (predictions.Count < 2)
        {
            throw new MetricUndefinedException("r2", "R2 needs at least two rows");
        }

        var mean = FixedChunks.Sum(predictions.Count, maxDegreeOfParallelism, (start, end, terms) =>
        {
            foreach (var target in predictions.Targets[start..end])
            {
                terms.Add(target);
            }
        }) / predictions.Count;
        var totalSquares = FixedChunks.Sum(predictions.Count, maxDegreeOfParallelism, (start, end, terms) =>
            AddSquaredDeviations(predictions.Targets[start..end], mean, terms));
        var residualSquares = SumOf(Term.SquaredError, predictions, maxDegreeOfParallelism);
        return R2Of(residualSquares, totalSquares);
    }

    /// <summary>R2 from the residual and the total sums of squares, with scikit-learn's force_finite rule.</summary>
    public static double R2Of(double residualSquares, double totalSquares)
    {
        if (residualSquares == 0)
        {
            return 1.0;
        }

        return totalSquares == 0 ? 0.0 : 1 - (residualSquares / totalSquares);
    }

    /// <summary>Row <paramref name="row"/>'s term of <see cref="MeanSquaredError"/> (and of R2's residual sum).</summary>
    public static double SquaredErrorTerm(Predictions predictions, int row) => TermOf(Term.SquaredError, predictions.Targets[row], predictions.Estimates[row]);

    /// <summary>Row <paramref name="row"/>'s term of <see cref="MeanAbsoluteError"/>.</summary>
    public static double AbsoluteErrorTerm(Predictions predictions, int row) => TermOf(Term.AbsoluteError, predictions.Targets[row], predictions.Estimates[row]);

    /// <summary>Row <paramref name="row"/>'s term of <see cref="MeanAbsolutePercentageError"/>.</summary>
    public static double PercentageErrorTerm(Predictions predictions, int row) => TermOf(Term.AbsolutePercentageError, predictions.Targets[row], predictions.Estimates[row]);

    /// <summary>A target's term of R2's total sum of squares, around the targets' mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDeviation(double target, double mean)
    {
        var deviation = target - mean;
        return deviation * deviation;
    }

    private static double SumOf(Term term, Predictions predictions, int maxDegreeOfParallelism) =>
        FixedChunks.Sum(predictions.Count, maxDegreeOfParallelism, (start, end, terms) =>
            AddTerms(term, predictions.Targets[start..end], predictions.Estimates[start..end], terms));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTerms(Term term, ReadOnlySpan<double> targets, ReadOnlySpan<double> estimates, ExactSum terms)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            terms.Add(TermOf(term, targets[i], estimates[i]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double TermOf(Term term, double target, double estimate)
    {
        switch (term)
        {
            case Term.SquaredError:
                var error = target - estimate;
                return error * error;
            case Term.AbsoluteError:
                return Math.Abs(estimate - target);
            default:
                return Math.Abs(estimate - target) / Math.Max(Math.Abs(target), PercentageFloor);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSquaredDeviations(ReadOnlySpan<double> targets, double mean, ExactSum terms)
    {
        foreach (var target in targets)
        {
            terms.Add(SquaredDeviation(target, mean));
        }
    }
}
