namespace Repro.Benchmarking;

/// <summary>
/// The two-sided Mann–Whitney U test (Wilcoxon rank-sum test): do two independent samples come from the
/// same distribution, or does one tend to be larger? It uses only the order of the values, so a few
/// outliers (a run disturbed by another process) cannot dominate it, as they would a t-test.
/// </summary>
/// <remarks>
/// <para>U of X is the number of pairs (x, y) with x &gt; y, plus half of those with x = y, computed from
/// mid-ranks of the pooled sample.</para>
/// <para>When both samples have fewer than <see cref="ExactBelow"/> values and no value occurs twice, the
/// p-value is exact: p = min(1, 2 P(U ≤ min(U, nm - U))) under the null distribution
/// (<see cref="RankSumDistribution"/>). Otherwise it comes from the normal approximation with mean nm/2,
/// variance nm/12 ((N + 1) - Σ(t³ - t)/(N(N - 1))) where t runs over the sizes of groups of tied values,
/// and a continuity correction of 1/2: z = (|U - nm/2| - 1/2) / σ, p = min(1, 2 P(Z &gt; z)); p = 1 when
/// every value is the same. Both agree with SciPy's <c>mannwhitneyu(x, y, alternative="two-sided")</c>
/// with <c>method="exact"</c> and <c>method="asymptotic"</c> respectively.</para>
/// </remarks>
internal static class MannWhitney
{
    /// <summary>Samples with fewer values than this (both, and no ties) get the exact p-value.</summary>
    public const int ExactBelow = 50;

    /// <summary>Tests sample <paramref name="x"/> against sample <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">A sample is empty or holds a value that is not a finite number.</exception>
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var ranks = Rank(x, y);
        var n = x.Count;
        var m = y.Count;
        var u = ranks.RankSumX - (n * (n + 1) / 2.0);
        var hasTies = ranks.TieTerm > 0;
        var pairs = (double)n * m;
        if (!hasTies && n < ExactBelow && m < ExactBelow)
        {
            var cumulative = RankSumDistribution.Cumulative(n, m);
            var smaller = (int)Math.Min(u, pairs - u);
            return new MannWhitneyResult(u, Math.Min(1, 2 * cumulative[smaller]), MannWhitneyMethod.Exact, n, m, ranks.TieTerm);
        }

        var sigma = NormalSigma(n, m, ranks.TieTerm);
        var p = sigma == 0 ? 1 : Math.Min(1, 2 * StandardNormal.Survival((Math.Abs(u - (pairs / 2)) - 0.5) / sigma));
        return new MannWhitneyResult(u, p, MannWhitneyMethod.Normal, n, m, ranks.TieTerm);
    }

    /// <summary>The standard deviation of U under the null hypothesis, corrected for ties.</summary>
    internal static double NormalSigma(int n, int m, double tieTerm)
    {
        var total = (double)n + m;
        var variance = n * (double)m / 12 * (total + 1 - (tieTerm / (total * (total - 1))));
        return Math.Sqrt(Math.Max(0, variance));
    }

    /// <summary>The rank sum of X in the pooled sample (mid-ranks for ties) and Σ(t³ - t) over tie groups.</summary>
    internal static (double RankSumX, double TieTerm) Rank(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.", x.Count == 0 ? nameof(x) : nameof(y));
        }

        var pooled = new (double Value, bool IsX)[x.Count + y.Count];
        for (var i = 0; i < x.Count; i++)
        {
            pooled[i] = (Finite(x[i], nameof(x)), true);
        }

        for (var j = 0; j < y.Count; j++)
        {
            pooled[x.Count + j] = (Finite(y[j], nameof(y)), false);
        }

        Array.Sort(pooled, (a, b) => a.Value.CompareTo(b.Value));
        double rankSum = 0, tieTerm = 0;
        for (var start = 0; start < pooled.Length;)
        {
            var end = start + 1;
            while (end < pooled.Length && pooled[end].Value == pooled[start].Value)
            {
                end++;
            }

            // Positions start..end-1 share the mid-rank of ranks start+1..end.
            var midRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (pooled[k].IsX)
                {
                    rankSum += midRank;
                }
            }

            double t = end - start;
            tieTerm += (t * t * t) - t;
            start = end;
        }

        return (rankSum, tieTerm);
    }

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentException($"Every value must be a finite number; found {value}.", name);
}
