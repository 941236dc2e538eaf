using Repro.Evaluation.Uncertainty;

namespace Repro.Benchmarking;

/// <summary>
/// A benchmark's times compared with a baseline's: the Mann–Whitney test, the ratio current / baseline with
/// its 95% interval (<see cref="TimeRatio"/>), and a verdict against an equivalence threshold t.
/// </summary>
/// <remarks>
/// <para>With α = 0.05, p the two-sided Mann–Whitney p-value and r the ratio:</para>
/// <list type="bullet">
/// <item><b>Slower</b> when p &lt; α and r &gt; 1 + t: the slowdown is real and larger than the threshold.</item>
/// <item><b>Faster</b> when p &lt; α and r &lt; 1 - t.</item>
/// <item><b>Same</b> otherwise. It is <see cref="Equivalent"/> when the whole interval lies within
/// [1 - t, 1 + t]: any change is shown to be smaller than the threshold. Otherwise it is inconclusive: no
/// significant change beyond the threshold was found, but the interval is too wide to rule one out (more
/// runs narrow it). A gate treats an inconclusive result as a pass, so it fails only on evidence.</item>
/// </list>
/// <para>A significant change smaller than the threshold (p &lt; α, 1 - t ≤ r ≤ 1 + t) is Same: the threshold
/// says which changes are too small to matter.</para>
/// </remarks>
internal sealed record BenchComparison(
    BenchVerdict Verdict,
    double Ratio,
    double RatioLow,
    double RatioHigh,
    MannWhitneyResult Test,
    double CurrentMedian,
    double BaselineMedian,
    double Threshold)
{
    /// <summary>The significance level of the test, and 1 - the interval's confidence.</summary>
    public const double Alpha = TimeRatio.Alpha;

    /// <summary>The default equivalence threshold: 5%.</summary>
    public const double DefaultThreshold = 0.05;

    /// <summary>The two-sided p-value.</summary>
    public double PValue => Test.PValue;

    /// <summary>True when the ratio's whole interval lies within [1 - threshold, 1 + threshold].</summary>
    public bool Equivalent => RatioLow >= 1 - Threshold && RatioHigh <= 1 + Threshold;

    /// <summary>Compares current times with baseline times.</summary>
    /// <param name="current">The new times in seconds, each finite and &gt; 0.</param>
    /// <param name="baseline">The baseline's times in seconds, each finite and &gt; 0.</param>
    /// <param name="threshold">The equivalence threshold, a fraction in [0, 1) such as 0.05 for 5%.</param>
    /// <exception cref="ArgumentException">A sample is empty or holds a time that is not a finite positive number.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is outside [0, 1).</exception>
    public static BenchComparison Compare(IReadOnlyList<double> current, IReadOnlyList<double> baseline, double threshold = DefaultThreshold)
    {
        if (!(threshold is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a fraction from 0 up to (not including) 1.");
        }

        var test = MannWhitney.Test(current, baseline);
        var (ratio, low, high) = TimeRatio.Estimate(current, baseline, test);
        var verdict = test.PValue < Alpha && ratio > 1 + threshold ? BenchVerdict.Slower
            : test.PValue < Alpha && ratio < 1 - threshold ? BenchVerdict.Faster
            : BenchVerdict.Same;
        return new BenchComparison(verdict, ratio, low, high, test, Median(current), Median(baseline), threshold);
    }

    /// <summary>The median of a sample (the mean of the two middle values when their count is even).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Percentile.Of(sorted, 0.5);
    }
}
