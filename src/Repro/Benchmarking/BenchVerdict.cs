namespace Repro.Benchmarking;

/// <summary>What a benchmark comparison concludes about the current times against the baseline's.</summary>
internal enum BenchVerdict
{
    /// <summary>Significantly faster, by more than the threshold.</summary>
    Faster,

    /// <summary>No significant change beyond the threshold (equivalent, or inconclusive: see <see cref="BenchComparison.Equivalent"/>).</summary>
    Same,

    /// <summary>Significantly slower, by more than the threshold: a regression.</summary>
    Slower,
}
