namespace Repro.Data.Splits;

/// <summary>How a split assigns examples to folds (recorded as <c>hash</c>, <c>stratified</c>, <c>group</c>, <c>time</c>).</summary>
public enum SplitMethod
{
    /// <summary>
    /// Each example by the hash of (salt, key) alone: an example keeps its fold whatever other rows are
    /// added, removed or reordered. Fold sizes follow the fractions only on average.
    /// </summary>
    Hash,

    /// <summary>
    /// Per class of a label column, exact proportions: each class is cut in the fractions, rounded by a
    /// fixed remainder rule, its examples taken in hash order. Independent of row order; adding examples
    /// moves at most the examples at a cut.
    /// </summary>
    Stratified,

    /// <summary>
    /// Whole groups (rows sharing a group column's value) to folds, largest group first, each to the fold
    /// furthest below its target size: groups never straddle folds and fold sizes are balanced.
    /// </summary>
    Group,

    /// <summary>Ordered by a time column (ties by key): the earliest rows to the first fold, the latest to the last.</summary>
    Time,
}
