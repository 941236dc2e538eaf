namespace Repro.Data.Synthetic;

public static partial class SyntheticData
{
    /// <summary>
    /// A linear model plus Gaussian noise: features x_j standard normal, coefficients and intercept drawn uniformly
    /// from [-5, 5), and target = intercept + Σ_j coefficient_j · x_j (summed in feature order) + noise · N(0, 1).
    /// The true coefficients and intercept are kept on the dataset
    /// (<see cref="SyntheticDataset.TrueCoefficients"/>, <see cref="SyntheticDataset.TrueIntercept"/>), so a fitted
    /// model can be checked against them.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of rows; at least 1.</param>
    /// <param name="features">The number of features; at least 1.</param>
    /// <param name="noise">The standard deviation of the noise on the target; finite, not negative.</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static SyntheticDataset LinearRegression(ulong seed, int samples = 200, int features = 3, double noise = 1.0, string path = "synthetic/linear-regression")
    {
        RequireAtLeast(samples, 1, nameof(samples));
        RequireAtLeast(features, 1, nameof(features));
        RequireSpread(noise, nameof(noise));
        var root = Root(seed, path);

        var coefficientStream = root.Derive("coefficients");
        var coefficients = new double[features];
        for (var j = 0; j < features; j++)
        {
            coefficients[j] = (10 * coefficientStream.NextDouble()) - 5;
        }

        var intercept = (10 * coefficientStream.NextDouble()) - 5;
        var featureStream = root.Derive("features");
        var noiseStream = root.Derive("noise");
        var x = new double[samples][];
        var y = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            x[i] = new double[features];
            var target = intercept;
            for (var j = 0; j < features; j++)
            {
                x[i][j] = featureStream.NextNormal();
                target += coefficients[j] * x[i][j];
            }

            y[i] = target + (noise * noiseStream.NextNormal());
        }

        return new SyntheticDataset("linear-regression", x, null, 0, y, coefficients, intercept);
    }

    /// <summary>
    /// One feature x uniform in [-3, 3) and target = f(x) + noise · N(0, 1), with f the curve named by
    /// <paramref name="shape"/> (see <see cref="RegressionShape"/>): the smallest problem where a straight line
    /// underfits and a flexible model can overfit.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of rows; at least 1.</param>
    /// <param name="shape">The curve.</param>
    /// <param name="noise">The standard deviation of the noise on the target; finite, not negative.</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above, or the shape is not defined.</exception>
    public static SyntheticDataset NonLinearRegression(ulong seed, int samples = 200, RegressionShape shape = RegressionShape.Sine, double noise = 0.1,
        string path = "synthetic/nonlinear-regression")
    {
        RequireAtLeast(samples, 1, nameof(samples));
        if (!Enum.IsDefined(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown regression shape; use Sine or Cubic.");
        }

        RequireSpread(noise, nameof(noise));
        var root = Root(seed, path);
        var featureStream = root.Derive("features");
        var noiseStream = root.Derive("noise");
        var x = new double[samples][];
        var y = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var value = (6 * featureStream.NextDouble()) - 3;
            x[i] = [value];
            y[i] = Curve(shape, value) + (noise * noiseStream.NextNormal());
        }

        return new SyntheticDataset("nonlinear-regression", x, null, 0, y);
    }

    /// <summary>The noise-free value of a <see cref="RegressionShape"/> at x.</summary>
    internal static double Curve(RegressionShape shape, double x) => shape switch
    {
        RegressionShape.Sine => Math.Sin(x),
        _ => (x * x * x / 3) - x,
    };
}
