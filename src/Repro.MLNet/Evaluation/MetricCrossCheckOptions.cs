using Repro.Evaluation;

namespace Repro.MLNet.Evaluation;

/// <summary>How strictly a cross-check compares, and how Repro scores the binary rows.</summary>
public sealed record MetricCrossCheckOptions
{
    /// <summary>
    /// The tolerance for metrics both libraries compute in double precision from the same single-precision
    /// scores, relative to max(1, |values|); default 1e-9. Only the order of additions differs there (Repro's sums
    /// are exact), so differences are a few units in the last place.
    /// </summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// The tolerance for metrics ML.NET computes in single precision (the clustering distances), relative to
    /// max(1, |values|); default 1e-4. Repro recomputes them in double precision.
    /// </summary>
    public double SinglePrecisionTolerance { get; init; } = 1e-4;

    /// <summary>The binary decision threshold Repro applies to probabilities (default 0.5, as <see cref="MetricOptions"/>).</summary>
    public MetricOptions? Metric { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or not a number.</exception>
    internal void Validate()
    {
        if (!(Tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must be zero or positive.");
        }

        if (!(SinglePrecisionTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(SinglePrecisionTolerance), SinglePrecisionTolerance, "The tolerance must be zero or positive.");
        }
    }
}
