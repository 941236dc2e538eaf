using Repro.Benchmarking;

namespace Repro.Tests.Benchmarking;

public sealed class BenchComparisonTests
{
    private static readonly double[] Baseline = [0.100, 0.101, 0.099, 0.102, 0.098, 0.1005, 0.0995, 0.1015, 0.0985, 0.1002];

    private static double[] Scaled(double factor) => [.. Baseline.Select(t => t * factor)];

    [Fact]
    public void A_clear_slowdown_beyond_the_threshold_is_slower()
    {
        var result = BenchComparison.Compare(Scaled(1.30), Baseline);

        Assert.Equal(BenchVerdict.Slower, result.Verdict);
        Assert.True(result.PValue < 0.05);
        Assert.Equal(1.30, result.Ratio, 12);
        Assert.Equal(BenchComparison.Median(Baseline) * 1.30, result.CurrentMedian, 12);
        Assert.False(result.Equivalent);
    }

    [Fact]
    public void A_clear_speed_up_beyond_the_threshold_is_faster()
    {
        var result = BenchComparison.Compare(Scaled(0.70), Baseline);

        Assert.Equal(BenchVerdict.Faster, result.Verdict);
    }

    [Fact]
    public void A_significant_change_smaller_than_the_threshold_is_the_same()
    {
        var result = BenchComparison.Compare(Scaled(1.03), Baseline);

        Assert.True(result.PValue < 0.05, $"p = {result.PValue}");
        Assert.Equal(BenchVerdict.Same, result.Verdict);
    }

    [Fact]
    public void The_threshold_decides_whether_a_significant_change_counts()
    {
        var strict = BenchComparison.Compare(Scaled(1.03), Baseline, threshold: 0.01);
        var lenient = BenchComparison.Compare(Scaled(1.30), Baseline, threshold: 0.50);

        Assert.Equal(BenchVerdict.Slower, strict.Verdict);
        Assert.Equal(BenchVerdict.Same, lenient.Verdict);
        Assert.True(lenient.Equivalent);
    }

    [Fact]
    public void Times_from_the_same_distribution_are_the_same_and_equivalent_when_the_interval_is_narrow()
    {
        double[] current = [0.1001, 0.0999, 0.1012, 0.0988, 0.1003, 0.0997, 0.1008, 0.0992, 0.1011, 0.0989];

        var result = BenchComparison.Compare(current, Baseline);

        Assert.Equal(BenchVerdict.Same, result.Verdict);
        Assert.True(result.Equivalent);
        Assert.InRange(result.RatioLow, 0.95, 1.0);
        Assert.InRange(result.RatioHigh, 1.0, 1.05);
    }

    [Fact]
    public void A_large_but_noisy_difference_is_the_same_and_inconclusive()
    {
        double[] noisyBaseline = [0.10, 0.30, 0.12, 0.25, 0.11];
        double[] noisyCurrent = [0.14, 0.35, 0.13, 0.29, 0.16];

        var result = BenchComparison.Compare(noisyCurrent, noisyBaseline);

        Assert.True(result.Ratio > 1.05);
        Assert.True(result.PValue >= 0.05);
        Assert.Equal(BenchVerdict.Same, result.Verdict);
        Assert.False(result.Equivalent);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_zero_to_one_is_refused(double threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchComparison.Compare(Baseline, Baseline, threshold));
    }
}
