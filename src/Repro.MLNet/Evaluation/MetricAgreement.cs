namespace Repro.MLNet.Evaluation;

/// <summary>How ML.NET's value of a metric relates to Repro's.</summary>
public enum MetricAgreement
{
    /// <summary>The values agree within the tolerance (after a unit conversion the comparison names, if any).</summary>
    Agrees,

    /// <summary>
    /// The values differ beyond the tolerance, and the difference is one of definition: ML.NET's value agrees with
    /// Repro's recomputation of the metric as ML.NET defines it. The comparison's note says what differs.
    /// </summary>
    Explained,

    /// <summary>The values differ and no known difference of definition accounts for it: one of the two is wrong, or the data is not what the check assumes.</summary>
    Disagrees,
}
