namespace Repro.Evaluation;

/// <summary>Regression metrics with scikit-learn's semantics; every sum is exact.</summary>
internal static class RegressionMetrics
{
    /// <summary>scikit-learn's MAPE floor on |y_true|: the double machine epsilon, 2^-52.</summary>
    private const double PercentageFloor = 2.220446049250313e-16;

    public static double MeanSquaredError(Predictions predictions) => SquaredErrorSum(predictions) / predictions.Count;

    public static double RootMeanSquaredError(Predictions predictions) => Math.Sqrt(MeanSquaredError(predictions));

    public static double MeanAbsoluteError(Predictions predictions)
    {
        var targets = predictions.Targets;
        var estimates = predictions.Estimates;
        var sum = new ExactSum();
        for (var i = 0; i < targets.Length; i++)
        {
            sum.Add(Math.Abs(estimates[i] - targets[i]));
        }

        return sum.ToDouble() / targets.Length;
    }

    /// <summary>
    /// The coefficient of determination, 1 - SS_res / SS_tot. With a constant target (SS_tot = 0) it
    /// is 1 for a perfect fit and 0 otherwise, as scikit-learn's force_finite default.
    /// </summary>
    /// <exception cref="MetricUndefinedException">Fewer than two rows (scikit-learn returns NaN with a warning).</exception>
    public static double R2(Predictions predictions)
    {
        if (predictions.Count < 2)
        {
            throw new MetricUndefinedException("r2", "R2 needs at least two rows");
        }

        var targets = predictions.Targets;
        var mean = ExactSum.Of(targets) / targets.Length;
        var total = new ExactSum();
        foreach (var target in targets)
        {
            var deviation = target - mean;
            total.Add(deviation * deviation);
        }

        var residual = SquaredErrorSum(predictions);
        var totalSquares = total.ToDouble();
        if (residual == 0)
        {
            return 1.0;
        }

        return totalSquares == 0 ? 0.0 : 1 - (residual / totalSquares);
    }

    /// <summary>
    /// The mean of |y_pred - y_true| / max(|y_true|, 2^-52), as a fraction (not percent), like
    /// scikit-learn's mean_absolute_percentage_error: a zero target gives a huge but finite term.
    /// </summary>
    public static double MeanAbsolutePercentageError(Predictions predictions)
    {
        var targets = predictions.Targets;
        var estimates = predictions.Estimates;
        var sum = new ExactSum();
        for (var i = 0; i < targets.Length; i++)
        {
            sum.Add(Math.Abs(estimates[i] - targets[i]) / Math.Max(Math.Abs(targets[i]), PercentageFloor));
        }

        return sum.ToDouble() / targets.Length;
    }

    private static double SquaredErrorSum(Predictions predictions)
    {
        var targets = predictions.Targets;
        var estimates = predictions.Estimates;
        var sum = new ExactSum();
        for (var i = 0; i < targets.Length; i++)
        {
            var error = targets[i] - estimates[i];
            sum.Add(error * error);
        }

        return sum.ToDouble();
    }
}
