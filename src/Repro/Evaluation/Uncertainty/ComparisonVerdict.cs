namespace Repro.Evaluation.Uncertainty;

/// <summary>What a paired comparison concludes, taking into account whether higher values of the metric are better.</summary>
public enum ComparisonVerdict
{
    /// <summary>The interval of the difference excludes zero, on B's side: "B is better".</summary>
    BIsBetter,

    /// <summary>The interval of the difference excludes zero, on A's side: "A is better".</summary>
    AIsBetter,

    /// <summary>The interval of the difference contains zero: "within noise".</summary>
    WithinNoise,
}
