using Repro.Benchmarking;

namespace Repro.Tests.Benchmarking;

/// <summary>
/// Golden values from SciPy 1.10.1 (<c>scipy.stats.mannwhitneyu(x, y, alternative="two-sided")</c>, method
/// "exact" or "asymptotic" as named), computed by mannwhitney_reference.py beside this file; its output is
/// mannwhitney_reference.txt.
/// </summary>
public sealed class MannWhitneyTests
{
    public static TheoryData<string, double[], double[], bool, double, double> References => new()
    {
        { "small", BenchSamples.SmallX, BenchSamples.SmallY, true, 25.0, 0.08225108225108226 },
        { "ten", BenchSamples.TenX, BenchSamples.TenY, true, 64.0, 0.31499924224382436 },
        { "separated", BenchSamples.SeparatedX, BenchSamples.SeparatedY, true, 100.0, 1.082508822446903e-05 },
        { "ties", BenchSamples.TiesX, BenchSamples.TiesY, false, 8.5, 0.043051432728945134 },
        { "far", BenchSamples.FarX, BenchSamples.FarY, false, 3600.0, 3.5565709749847226e-21 },
        { "large", BenchSamples.LargeX, BenchSamples.LargeY, false, 1421.0, 0.20075629792572836 },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void U_and_the_two_sided_p_value_match_scipy(string name, double[] x, double[] y, bool exact, double u, double p)
    {
        var result = MannWhitney.Test(x, y);

        Assert.Equal(exact ? MannWhitneyMethod.Exact : MannWhitneyMethod.Normal, result.Method);
        Assert.Equal(u, result.U);
        Assert.True(Math.Abs(result.PValue - p) <= 1e-12 * p, $"{name}: p = {result.PValue:R}, SciPy {p:R}");
    }

    [Fact]
    public void Swapping_the_samples_keeps_the_p_value_and_mirrors_u()
    {
        var forward = MannWhitney.Test(BenchSamples.SmallX, BenchSamples.SmallY);
        var backward = MannWhitney.Test(BenchSamples.SmallY, BenchSamples.SmallX);

        Assert.Equal(forward.PValue, backward.PValue, 15);
        Assert.Equal(5 * 6 - forward.U, backward.U);
    }

    [Fact]
    public void Identical_samples_have_p_value_one()
    {
        var result = MannWhitney.Test([0.2, 0.2, 0.2, 0.2, 0.2], [0.2, 0.2, 0.2, 0.2, 0.2]);

        Assert.Equal(MannWhitneyMethod.Normal, result.Method);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void The_exact_distribution_of_u_is_symmetric_and_sums_to_one()
    {
        var cumulative = RankSumDistribution.Cumulative(4, 3);

        // C(7, 3) = 35 orderings; U = 0 and U = 12 each happen once, U = 1 once.
        Assert.Equal(13, cumulative.Length);
        Assert.Equal(1.0 / 35, cumulative[0], 15);
        Assert.Equal(2.0 / 35, cumulative[1], 15);
        Assert.Equal(1.0, cumulative[^1], 15);
        for (var u = 0; u < 12; u++)
        {
            Assert.Equal(cumulative[u], 1 - cumulative[11 - u], 14);
        }
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([], [1, 2]));
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.15865525393145707)]
    [InlineData(2.5, 0.006209665325776132)]
    [InlineData(6.0, 9.865876450376946e-10)]
    [InlineData(-1.5, 0.9331927987311419)]
    public void The_normal_tail_matches_scipy(double z, double expected)
    {
        var tail = StandardNormal.Survival(z);

        Assert.True(Math.Abs(tail - expected) <= 1e-14 * expected, $"sf({z}) = {tail:R}, SciPy {expected:R}");
    }
}
