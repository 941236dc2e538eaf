namespace Repro.Benchmarking;

/// <summary>The outcome of a two-sided Mann–Whitney U test of sample X against sample Y.</summary>
/// <param name="U">U of X: the number of pairs (x, y) with x &gt; y, plus half the pairs with x = y.</param>
/// <param name="PValue">The two-sided p-value, in (0, 1].</param>
/// <param name="Method">Whether the exact distribution or the normal approximation gave it.</param>
/// <param name="CountX">How many values X has.</param>
/// <param name="CountY">How many values Y has.</param>
/// <param name="TieTerm">Σ(t³ - t) over the groups of t equal values in the pooled sample; 0 without ties.</param>
internal sealed record MannWhitneyResult(double U, double PValue, MannWhitneyMethod Method, int CountX, int CountY, double TieTerm)
{
    /// <summary>True when some value occurs more than once in the pooled sample.</summary>
    public bool HasTies => TieTerm > 0;
}
