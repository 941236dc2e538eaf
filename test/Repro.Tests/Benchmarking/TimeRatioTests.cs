using Repro.Benchmarking;

namespace Repro.Tests.Benchmarking;

/// <summary>
/// Reference intervals from mannwhitney_reference.py (output in mannwhitney_reference.txt): the sorted pairwise
/// log ratios, with k from the null distribution of U enumerated over every placement of the samples
/// (exact) or from the tie-corrected normal approximation.
/// </summary>
public sealed class TimeRatioTests
{
    public static TheoryData<string, double[], double[], double, double, double> References => new()
    {
        { "small", BenchSamples.SmallX, BenchSamples.SmallY, 2.3746344747958346, 0.8749999999999999, 7.000000000000001 },
        { "ten", BenchSamples.TenX, BenchSamples.TenY, 1.03526858291178, 0.9545049063336308, 1.1251212415130938 },
        { "separated", BenchSamples.SeparatedX, BenchSamples.SeparatedY, 1.957024065317073, 1.9074074074074072, 2.0097087378640777 },
        { "ties", BenchSamples.TiesX, BenchSamples.TiesY, 0.6000000000000001, 0.4, 1.0 },
        { "far", BenchSamples.FarX, BenchSamples.FarY, 2.5444165295503165, 2.427480916030534, 2.672566371681416 },
        { "large", BenchSamples.LargeX, BenchSamples.LargeY, 0.9550415761130047, 0.8853503184713376, 1.0261780104712042 },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void The_ratio_and_its_interval_match_the_reference(string name, double[] current, double[] baseline, double ratio, double low, double high)
    {
        var test = MannWhitney.Test(current, baseline);

        var estimate = TimeRatio.Estimate(current, baseline, test);

        Assert.True(Math.Abs(estimate.Ratio - ratio) <= 1e-12 * ratio, $"{name}: ratio {estimate.Ratio:R}, expected {ratio:R}");
        Assert.True(Math.Abs(estimate.Low - low) <= 1e-12 * low, $"{name}: low {estimate.Low:R}, expected {low:R}");
        Assert.True(Math.Abs(estimate.High - high) <= 1e-12 * high, $"{name}: high {estimate.High:R}, expected {high:R}");
    }

    [Fact]
    public void Times_scaled_by_a_factor_give_that_factor_inside_a_tight_interval()
    {
        double[] baseline = [0.100, 0.101, 0.099, 0.102, 0.098, 0.1005, 0.0995, 0.1015, 0.0985, 0.1002];
        var current = baseline.Select(t => t * 1.5).ToArray();

        var estimate = TimeRatio.Estimate(current, baseline, MannWhitney.Test(current, baseline));

        Assert.Equal(1.5, estimate.Ratio, 12);
        Assert.InRange(estimate.Low, 1.4, 1.5);
        Assert.InRange(estimate.High, 1.5, 1.6);
    }

    [Fact]
    public void With_the_exact_test_the_interval_excludes_one_exactly_when_p_is_at_most_five_percent()
    {
        var baseline = BenchSamples.TenY;
        for (var shift = 0.80; shift <= 1.20; shift += 0.01)
        {
            var current = BenchSamples.TenX.Select(t => t * shift).ToArray();
            var test = MannWhitney.Test(current, baseline);
            var (_, low, high) = TimeRatio.Estimate(current, baseline, test);

            Assert.Equal(MannWhitneyMethod.Exact, test.Method);
            Assert.Equal(test.PValue <= 0.05, low > 1 || high < 1);
        }
    }

    [Fact]
    public void A_time_that_is_zero_or_negative_is_refused()
    {
        double[] good = [0.1, 0.2, 0.3];
        double[] bad = [0.1, 0.0, 0.3];

        Assert.Throws<ArgumentException>(() => TimeRatio.Estimate(bad, good, MannWhitney.Test(bad, good)));
    }
}
