namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// Quantiles of a sorted sample by linear interpolation between the closest ranks: the value at position
/// (m - 1) × q, as NumPy's default <c>percentile(..., method="linear")</c> (Hyndman and Fan's type 7).
/// </summary>
internal static class Percentile
{
    /// <summary>The <paramref name="quantile"/> (0 to 1) of ascending, non-empty <paramref name="sorted"/> values.</summary>
    public static double Of(ReadOnlySpan<double> sorted, double quantile)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        var position = (sorted.Length - 1) * quantile;
        var below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        var fraction = position - below;
        return fraction == 0 ? sorted[below] : sorted[below] + (fraction * (sorted[below + 1] - sorted[below]));
    }

    /// <summary>The lower and upper ends of the central <paramref name="level"/> interval: quantiles (1 - level) / 2 and (1 + level) / 2.</summary>
    public static (double Low, double High) Interval(ReadOnlySpan<double> sorted, double level)
    {
        var tail = (1 - level) / 2;
        return (Of(sorted, tail), Of(sorted, 1 - tail));
    }

    /// <summary>The defined (non-NaN) values, sorted ascending.</summary>
    public static double[] SortedDefined(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(defined);
        return defined;
    }
}
