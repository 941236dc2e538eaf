namespace Repro.Data.Synthetic;

/// <summary>The curve behind <see cref="SyntheticData.NonLinearRegression"/>, on x in [-3, 3).</summary>
public enum RegressionShape
{
    /// <summary>y = sin(x): a smooth wave with two turning points; a straight line explains little of it.</summary>
    Sine,

    /// <summary>y = x³/3 - x: a cubic with turning points at x = ±1, from -6 at x = -3 up to 6 at x = 3.</summary>
    Cubic,
}
