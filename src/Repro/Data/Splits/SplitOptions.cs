namespace Repro.Data.Splits;

/// <summary>
/// What a split needs: the key column, at most one of a stratify, group or time column (which picks the
/// <see cref="Method"/>), the folds and the salt.
/// </summary>
public sealed record SplitOptions
{
    /// <summary>The column that identifies each example; its values must be present and distinct.</summary>
    public required string KeyColumn { get; init; }

    /// <summary>Stratify by this label column: exact per-class proportions (<see cref="SplitMethod.Stratified"/>).</summary>
    public string? StratifyColumn { get; init; }

    /// <summary>Keep rows with equal values of this column together: group k-fold (<see cref="SplitMethod.Group"/>).</summary>
    public string? GroupColumn { get; init; }

    /// <summary>Order by this column, earliest first (<see cref="SplitMethod.Time"/>): long, double, or ISO 8601 text.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>The class column whose counts each fold reports; default the stratify column, else none.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>The folds; default train, validation, test with 0.8, 0.1, 0.1.</summary>
    public FoldLayout Folds { get; init; } = FoldLayout.FromFractions(0.8, 0.1, 0.1);

    /// <summary>Mixed into every key's hash: another salt gives another, independent split. Default empty.</summary>
    public string Salt { get; init; } = "";

    /// <summary>The method the columns select: stratified, group, time, or hash when none is set.</summary>
    /// <exception cref="InvalidSplitException">More than one of the stratify, group and time columns is set.</exception>
    public SplitMethod Method
    {
        get
        {
            var chosen = new (string? Column, SplitMethod Method)[] { (StratifyColumn, SplitMethod.Stratified), (GroupColumn, SplitMethod.Group), (TimeColumn, SplitMethod.Time) }
                .Where(c => c.Column is not null)
                .ToList();
            return chosen.Count switch
            {
                0 => SplitMethod.Hash,
                1 => chosen[0].Method,
                _ => throw new InvalidSplitException("Choose one of stratify, group and time: a split uses at most one of them."),
            };
        }
    }

    /// <summary>The column whose classes are counted per fold: <see cref="LabelColumn"/>, else <see cref="StratifyColumn"/>.</summary>
    public string? CountedLabelColumn => LabelColumn ?? StratifyColumn;
}
