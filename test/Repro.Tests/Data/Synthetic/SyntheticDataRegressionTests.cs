using Repro.Data.Synthetic;

namespace Repro.Tests.Data.Synthetic;

public sealed class SyntheticDataRegressionTests
{
    [Fact]
    public void Noise_free_linear_targets_are_exactly_the_linear_model()
    {
        var data = SyntheticData.LinearRegression(21, samples: 50, features: 4, noise: 0);

        Assert.Equal(4, data.TrueCoefficients!.Count);
        Assert.All(data.TrueCoefficients, w => Assert.InRange(w, -5, 5));
        Assert.InRange(data.TrueIntercept, -5, 5);
        for (var i = 0; i < data.Count; i++)
        {
            var expected = data.TrueIntercept;
            for (var j = 0; j < 4; j++)
            {
                expected += data.TrueCoefficients[j] * data.Features[i][j];
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(data.Targets![i]));
        }
    }

    [Fact]
    public void Linear_regression_residuals_have_the_requested_noise()
    {
        var clean = SyntheticData.LinearRegression(22, samples: 5000, features: 2, noise: 0);
        var noisy = SyntheticData.LinearRegression(22, samples: 5000, features: 2, noise: 0.5);

        var residuals = clean.Targets!.Zip(noisy.Targets!, (a, b) => b - a).ToArray();
        var mean = residuals.Average();
        var deviation = Math.Sqrt(residuals.Average(r => (r - mean) * (r - mean)));

        Assert.Equal(SyntheticDataTests.Bits(clean)[..10_000], SyntheticDataTests.Bits(noisy)[..10_000]);
        Assert.InRange(deviation, 0.48, 0.52);
        Assert.InRange(mean, -0.03, 0.03);
        Assert.False(clean.IsClassification);
        Assert.Equal(0, clean.ClassCount);
        Assert.Empty(clean.ClassCounts());
    }

    [Theory]
    [InlineData(RegressionShape.Sine)]
    [InlineData(RegressionShape.Cubic)]
    public void Noise_free_non_linear_targets_follow_the_curve(RegressionShape shape)
    {
        var data = SyntheticData.NonLinearRegression(23, samples: 500, shape: shape, noise: 0);

        Assert.Equal(1, data.FeatureCount);
        Assert.Null(data.TrueCoefficients);
        for (var i = 0; i < data.Count; i++)
        {
            var x = data.Features[i][0];
            Assert.InRange(x, -3, 3);
            var expected = shape == RegressionShape.Sine ? Math.Sin(x) : (x * x * x / 3) - x;
            Assert.Equal(expected, data.Targets![i], 12);
        }
    }
}
