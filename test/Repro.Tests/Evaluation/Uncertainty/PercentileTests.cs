using Repro.Evaluation.Uncertainty;

namespace Repro.Tests.Evaluation.Uncertainty;

public sealed class PercentileTests
{
    // Expected values from NumPy 1.24.2 (Debian 12): numpy.percentile(v, [2.5, 97.5]) with the default linear method.
    [Fact]
    public void The_central_95_percent_interval_matches_numpys_linear_percentiles()
    {
        double[] sorted = [0.1, 0.2, 0.3, 0.4, 0.4, 0.7, 0.8, 0.9];

        var (low, high) = Percentile.Interval(sorted, 0.95);

        Assert.Equal(0.11750000000000001, low, 1e-15);
        Assert.Equal(0.8825000000000001, high, 1e-15);
    }

    [Fact]
    public void A_thousand_values_interpolate_between_ranks()
    {
        var sorted = Enumerable.Range(1, 1000).Select(i => i / 1000.0).ToArray();

        var (low, high) = Percentile.Interval(sorted, 0.95);

        Assert.Equal(0.025975, low, 1e-15);
        Assert.Equal(0.9750249999999999, high, 1e-15);
    }

    [Fact]
    public void A_single_value_is_its_own_interval()
    {
        Assert.Equal((0.5, 0.5), Percentile.Interval([0.5], 0.9));
    }
}
