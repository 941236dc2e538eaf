namespace Repro.Benchmarking;

/// <summary>
/// How many times longer the current times are than the baseline's, with a 95% confidence interval:
/// the Hodges–Lehmann estimate on log times, and the distribution-free interval that inverts the
/// Mann–Whitney test (Lehmann, Nonparametrics, 1975, ch. 2; Hollander and Wolfe, Nonparametric Statistical
/// Methods, §4.3).
/// </summary>
/// <remarks>
/// <para>All n·m pairwise log ratios d = ln(current_i) - ln(baseline_j) are sorted. The ratio is
/// exp(median d), the median of all pairwise ratios current_i / baseline_j; when the change scales the whole
/// time distribution by a factor (the usual model for a slowdown), it estimates that factor, which is the
/// ratio of the medians.</para>
/// <para>The interval is [exp d<sub>(k)</sub>, exp d<sub>(nm+1-k)</sub>]. Where <see cref="MannWhitney"/> uses the
/// exact distribution, k is the largest integer with P(U ≤ k - 1) ≤ 2.5%, which gives at least 95% coverage;
/// and then the interval excludes 1 exactly when the test's p-value is at most 5% (up to rounding of the logarithms). Otherwise
/// k = ⌊nm/2 - 1.96 σ⌋ (at least 1), with σ the tie-corrected standard deviation of U.</para>
/// </remarks>
internal static class TimeRatio
{
    /// <summary>The two-sided tail of the interval: 95% confidence.</summary>
    public const double Alpha = 0.05;

    /// <summary>Estimates current / baseline with its 95% interval.</summary>
    /// <param name="current">The new times, each a finite number &gt; 0.</param>
    /// <param name="baseline">The baseline times, each a finite number &gt; 0.</param>
    /// <param name="test">The Mann–Whitney test of the same samples (its method decides how k is found).</param>
    /// <exception cref="ArgumentException">A sample is empty or holds a time that is not a finite positive number.</exception>
    public static (double Ratio, double Low, double High) Estimate(IReadOnlyList<double> current, IReadOnlyList<double> baseline, MannWhitneyResult test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var logCurrent = Logs(current, nameof(current));
        var logBaseline = Logs(baseline, nameof(baseline));
        var differences = new double[logCurrent.Length * logBaseline.Length];
        var index = 0;
        foreach (var c in logCurrent)
        {
            foreach (var b in logBaseline)
            {
                differences[index++] = c - b;
            }
        }

        Array.Sort(differences);
        var count = differences.Length;
        var median = count % 2 == 1
            ? differences[count / 2]
            : (differences[(count / 2) - 1] + differences[count / 2]) / 2;
        var k = LowerIndex(logCurrent.Length, logBaseline.Length, test);
        return (Math.Exp(median), Math.Exp(differences[k - 1]), Math.Exp(differences[count - k]));
    }

    /// <summary>The 1-based order statistic k of the interval's lower end.</summary>
    internal static int LowerIndex(int n, int m, MannWhitneyResult test)
    {
        var pairs = n * m;
        int k;
        if (test.Method == MannWhitneyMethod.Exact)
        {
            var cumulative = RankSumDistribution.Cumulative(n, m);
            k = 0;
            while (k < pairs && cumulative[k] <= Alpha / 2)
            {
                k++;
            }
        }
        else
        {
            k = (int)Math.Floor((pairs / 2.0) - (StandardNormal.Quantile975 * MannWhitney.NormalSigma(n, m, test.TieTerm)));
        }

        // k = 0 would mean no interval at 95% (samples too small); the widest one is the honest fallback.
        return Math.Clamp(k, 1, (pairs + 1) / 2);
    }

    private static double[] Logs(IReadOnlyList<double> times, string name)
    {
        ArgumentNullException.ThrowIfNull(times, name);
        if (times.Count == 0)
        {
            throw new ArgumentException("The sample has no times.", name);
        }

        var logs = new double[times.Count];
        for (var i = 0; i < logs.Length; i++)
        {
            var t = times[i];
            logs[i] = double.IsFinite(t) && t > 0
                ? Math.Log(t)
                : throw new ArgumentException($"Every time must be a finite number of seconds > 0; found {t}.", name);
        }

        return logs;
    }
}
