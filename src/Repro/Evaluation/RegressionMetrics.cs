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
        if (residualSquares == 0)
        {
            return 1.0;
        }

        return totalSquares == 0 ? 0.0 : 1 - (residualSquares / totalSquares);
    }

    private static double SumOf(Term term, Predictions predictions, int maxDegreeOfParallelism) =>
        FixedChunks.Sum(predictions.Count, maxDegreeOfParallelism, (start, end, terms) =>
            AddTerms(term, predictions.Targets[start..end], predictions.Estimates[start..end], terms));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTerms(Term term, ReadOnlySpan<double> targets, ReadOnlySpan<double> estimates, ExactSum terms)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            switch (term)
            {
                case Term.SquaredError:
                    var error = targets[i] - estimates[i];
                    terms.Add(error * error);
                    break;
                case Term.AbsoluteError:
                    terms.Add(Math.Abs(estimates[i] - targets[i]));
                    break;
                default:
                    terms.Add(Math.Abs(estimates[i] - targets[i]) / Math.Max(Math.Abs(targets[i]), PercentageFloor));
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSquaredDeviations(ReadOnlySpan<double> targets, double mean, ExactSum terms)
    {
        foreach (var target in targets)
        {
            var deviation = target - mean;
            terms.Add(deviation * deviation);
        }
    }
}
