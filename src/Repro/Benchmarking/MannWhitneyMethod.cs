namespace Repro.Benchmarking;

/// <summary>How a Mann–Whitney p-value was computed.</summary>
internal enum MannWhitneyMethod
{
    /// <summary>From the exact null distribution of U (both samples under 50 values, no ties).</summary>
    Exact,

    /// <summary>From the normal approximation with continuity and tie corrections.</summary>
    Normal,
}
