namespace Repro.Evaluation.Uncertainty;

/// <summary>How the rows of two prediction sets were paired.</summary>
public enum PairedBy
{
    /// <summary>By the <c>id</c> of each row (both sets have ids).</summary>
    Id,

    /// <summary>By position (neither set has ids).</summary>
    RowOrder,
}
