namespace Repro.Benchmarking;

/// <summary>
/// The exact null distribution of the Mann–Whitney U statistic for samples of n and m values without
/// ties: U counts the pairs (x, y) with x &gt; y, and under the null hypothesis every ordering of the
/// pooled sample is equally likely.
/// </summary>
/// <remarks>
/// Built by the recurrence on the largest pooled value: it is an x with probability n / (n + m), and then
/// exceeds all m values of y, so P<sub>n,m</sub>(u) = n/(n+m) P<sub>n-1,m</sub>(u - m) + m/(n+m) P<sub>n,m-1</sub>(u)
/// (Mann and Whitney, 1947). Only probabilities are added, never subtracted, so even far tails keep
/// their relative precision. The work is about n²m²/4 additions: instant below 50 values each.
/// </remarks>
internal static class RankSumDistribution
{
    /// <summary>P(U ≤ u) for u = 0 .. n·m.</summary>
    public static double[] Cumulative(int n, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        var previous = new double[n + 1][];
        for (var i = 0; i <= n; i++)
        {
            previous[i] = [1.0];
        }

        for (var j = 1; j <= m; j++)
        {
            var current = new double[n + 1][];
            current[0] = [1.0];
            for (var i = 1; i <= n; i++)
            {
                var p = new double[(i * j) + 1];
                var withX = (double)i / (i + j);
                var withY = (double)j / (i + j);
                var belowX = current[i - 1];
                for (var u = 0; u < belowX.Length; u++)
                {
                    p[u + j] += withX * belowX[u];
                }

                var belowY = previous[i];
                for (var u = 0; u < belowY.Length; u++)
                {
                    p[u] += withY * belowY[u];
                }

                current[i] = p;
            }

            previous = current;
        }

        var cumulative = previous[n];
        for (var u = 1; u < cumulative.Length; u++)
        {
            cumulative[u] += cumulative[u - 1];
        }

        return cumulative;
    }
}
