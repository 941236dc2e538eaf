namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// The result of a paired bootstrap between prediction sets A and B: both values, the difference B - A,
/// its percentile interval, a p-value and a verdict.
/// </summary>
/// <param name="Metric">The metric name.</param>
/// <param name="HigherIsBetter">Whether higher values of the metric are better.</param>
/// <param name="Rows">The number of paired rows.</param>
/// <param name="PairedBy">How rows were paired.</param>
/// <param name="ValueA">The metric on A's rows.</param>
/// <param name="ValueB">The metric on B's rows.</param>
/// <param name="Low">The lower end of the interval of B - A.</param>
/// <param name="High">The upper end of the interval of B - A.</param>
/// <param name="Level">The confidence level.</param>
/// <param name="PValue">The two-sided bootstrap p-value of "no difference" (see <see cref="PairedBootstrap"/>).</param>
/// <param name="Verdict">B or A is better when the interval excludes zero; otherwise within noise.</param>
/// <param name="Resamples">The number of resamples drawn.</param>
/// <param name="UndefinedResamples">Resamples on which the metric was undefined for A or B, left out.</param>
/// <param name="Seed">The seed of the resamples.</param>
public sealed record PairedComparison(
    string Metric,
    bool HigherIsBetter,
    int Rows,
    PairedBy PairedBy,
    double ValueA,
    double ValueB,
    double Low,
    double High,
    double Level,
    double PValue,
    ComparisonVerdict Verdict,
    int Resamples,
    int UndefinedResamples,
    ulong Seed)
{
    /// <summary>The observed difference, B - A.</summary>
    public double Difference => ValueB - ValueA;

    /// <summary>The verdict in words: "B is better", "A is better" or "within noise".</summary>
    public string VerdictText => Verdict switch
    {
        ComparisonVerdict.BIsBetter => "B is better",
        ComparisonVerdict.AIsBetter => "A is better",
        _ => "within noise",
    };
}
