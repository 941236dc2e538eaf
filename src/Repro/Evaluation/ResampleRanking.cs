using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>
/// A binary prediction set's rows in score order, sorted once, so that the ROC AUC and average
/// precision of any resample of it (a bootstrap draw, given as how many times each row was drawn) come
/// from one linear walk instead of a new sort. A resample is given per row (<see cref="RocAuc"/>) or,
/// without a gather, per position of <see cref="Order"/> (<see cref="RocAucInOrder"/>), the layout
/// <see cref="ResampleMetrics"/> uses. The values are bit-identical to
/// <see cref="MetricCatalog.Compute(string, Predictions, MetricOptions?)"/> on
/// <c>predictions.Select(rows)</c>: both are the same integer counts and the same exact sums.
/// </summary>
internal sealed class ResampleRanking
{
    private readonly int[] _order;
    private readonly int[] _groupEnds;
    private readonly int[] _negativeStarts;

    private ResampleRanking(int[] order, int[] groupEnds, int[] negativeStarts)
    {
        _order = order;
        _groupEnds = groupEnds;
        _negativeStarts = negativeStarts;
    }

    /// <summary>The number of rows of the original set; a resample gives one draw count per row.</summary>
    public int Count => _order.Length;

    /// <summary>Sorts the rows of a binary set by score and finds the groups of equal scores.</summary>
    /// <exception cref="ArgumentException">The predictions are not binary.</exception>
    public static ResampleRanking Build(Predictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Task != PredictionTask.Binary)
        {
            throw new ArgumentException("Resample ranking needs binary predictions.", nameof(predictions));
        }

        var scores = predictions.Scores;
        var keys = new ulong[predictions.Count];
        var sorted = new int[predictions.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ScoreKeySort.ToKey(scores[i]);
            sorted[i] = i;
        }

        // Rows with equal keys may land in any order: each group is only ever summed. Within a group
        // the positives go first, so that the walks sum two ranges instead of testing every row's label.
        Array.Sort(keys, sorted);
        var labels = predictions.Labels;
        var order = new int[sorted.Length];
        var groupEnds = new List<int>();
        var negativeStarts = new List<int>();
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            var next = start;
            for (var i = start; i < end; i++)
            {
                if (labels[sorted[i]] == 1)
                {
                    order[next++] = sorted[i];
                }
            }

            negativeStarts.Add(next);
            for (var i = start; i < end; i++)
            {
                if (labels[sorted[i]] != 1)
                {
                    order[next++] = sorted[i];
                }
            }

            groupEnds.Add(end);
            start = end;
        }

        return new ResampleRanking(order, [.. groupEnds], [.. negativeStarts]);
    }

    /// <summary>The row at each position of the score order: ascending; among equal scores the positives first, otherwise in no particular order.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>The ROC AUC of the resample that drew row i <c>draws[i]</c> times.</summary>
    /// <exception cref="ArgumentException">The draw counts are not one per row.</exception>
    /// <exception cref="MetricUndefinedException">The resample holds one class only.</exception>
    public double RocAuc(ReadOnlySpan<int> draws)
    {
        var value = RocAucInOrder(InOrder(draws));
        return double.IsNaN(value)
            ? throw new MetricUndefinedException("roc_auc", "only one class is present in y_true, and ROC AUC needs both")
            : value;
    }

    /// <summary>The average precision of the resample that drew row i <c>draws[i]</c> times; 0 without positives.</summary>
    /// <exception cref="ArgumentException">The draw counts are not one per row.</exception>
    public double AveragePrecision(ReadOnlySpan<int> draws) => AveragePrecisionInOrder(InOrder(draws));

    /// <summary>
    /// The ROC AUC of the resample that drew the row at position p of <see cref="Order"/>
    /// <c>weights[p]</c> times; NaN when the resample holds one class only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double RocAucInOrder(ReadOnlySpan<int> weights)
    {
        RequireOnePerRow(weights);
        long twiceWins = 0;
        long negativesBelow = 0;
        long positives = 0;
        var start = 0;
        for (var g = 0; g < _groupEnds.Length; g++)
        {
            var end = _groupEnds[g];
            var groupPositives = Total(weights[start.._negativeStarts[g]]);
            var groupNegatives = Total(weights[_negativeStarts[g]..end]);
            twiceWins += groupPositives * ((2 * negativesBelow) + groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
            start = end;
        }

        return positives == 0 || negativesBelow == 0 ? double.NaN : twiceWins / (2.0 * positives * negativesBelow);
    }

    /// <summary>
    /// The average precision of the resample that drew the row at position p of <see cref="Order"/>
    /// <c>weights[p]</c> times; 0 without positives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double AveragePrecisionInOrder(ReadOnlySpan<int> weights)
    {
        RequireOnePerRow(weights);
        var sum = new ExactSum();
        long truePositives = 0;
        long falsePositives = 0;
        var end = _order.Length;
        for (var g = _groupEnds.Length - 1; g >= 0; g--)
        {
            var start = g == 0 ? 0 : _groupEnds[g - 1];
            var gained = Total(weights[start.._negativeStarts[g]]);
            falsePositives += Total(weights[_negativeStarts[g]..end]);
            truePositives += gained;
            if (gained > 0)
            {
                sum.Add((double)(gained * truePositives) / (truePositives + falsePositives));
            }

            end = start;
        }

        return truePositives == 0 ? 0.0 : sum.ToDouble() / truePositives;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Total(ReadOnlySpan<int> weights)
    {
        long total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        return total;
    }

    private int[] InOrder(ReadOnlySpan<int> draws)
    {
        RequireOnePerRow(draws);
        var weights = new int[_order.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = draws[_order[i]];
        }

        return weights;
    }

    private void RequireOnePerRow(ReadOnlySpan<int> draws)
    {
        if (draws.Length != _order.Length)
        {
            throw new ArgumentException($"Expected one draw count per row ({_order.Length}), got {draws.Length}.", nameof(draws));
        }
    }
}
