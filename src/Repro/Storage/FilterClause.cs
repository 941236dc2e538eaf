namespace Repro.Storage;

/// <summary>
/// One condition of a run filter. For numeric fields <see cref="Number"/> holds the operand; for
/// string fields <see cref="Text"/> does, and <see cref="Values"/> holds the list of IN / NOT IN.
/// A run that lacks the field never matches (as in MLflow).
/// </summary>
/// <param name="Field">The field compared.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Text">The string operand, for string comparisons.</param>
/// <param name="Number">The numeric operand, for numeric comparisons.</param>
/// <param name="Values">The operands of IN and NOT IN.</param>
public sealed record FilterClause(
    RunField Field,
    FilterOperator Operator,
    string? Text = null,
    double? Number = null,
    IReadOnlyList<string>? Values = null);
