namespace Repro.Evaluation;

/// <summary>What kind of predictions a set holds, which decides the metrics that apply.</summary>
public enum PredictionTask
{
    /// <summary>Two classes, 0 and 1; one score per row, the probability of class 1.</summary>
    Binary,

    /// <summary>K classes; one probability per class per row.</summary>
    Multiclass,

    /// <summary>A real-valued target and estimate per row.</summary>
    Regression,
}
