namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// Binary ROC-AUC of many resamples of one prediction set without re-sorting: the rows are sorted by score
/// once, and a resample is its per-row multiplicities. The AUC is the Mann–Whitney statistic with ties
/// counted half, which equals the trapezoidal area under the ROC curve (scikit-learn's <c>roc_auc_score</c>):
/// the sum, over groups of tied scores in ascending order, of w⁺(group) × (w⁻(below) + w⁻(group) / 2),
/// divided by W⁺ × W⁻. Weights are integers, so the sums are exact (64-bit) and the result is the
/// correctly rounded quotient of two integers.
/// </summary>
internal sealed class WeightedRocAuc
{
    /// <summary>Each row's position in the sorted order: ascending score, and within a tie the positives first.</summary>
    private readonly int[] _position;

    /// <summary>Where each tie group starts in the sorted order; one extra entry, the row count, ends the last.</summary>
    private readonly int[] _groupStart;

    /// <summary>Where each tie group's negatives start (its positives come before).</summary>
    private readonly int[] _groupNegatives;

    public WeightedRocAuc(Predictions predictions)
    {
        if (predictions.Task != PredictionTask.Binary)
        {
            throw new ArgumentException("Weighted ROC-AUC applies to binary predictions.", nameof(predictions));
        }

        var count = predictions.Count;
        var scores = predictions.Scores.ToArray();
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(scores, order);
        var labels = predictions.Labels;
        var starts = new List<int>();
        var negatives = new List<int>();
        var sorted = new int[count];
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && scores[end] == scores[start])
            {
                end++;
            }

            // Positives of the group first, then its negatives (order within each part does not matter).
            var next = start;
            for (var j = start; j < end; j++)
            {
                if (labels[order[j]] == 1)
                {
                    sorted[next++] = order[j];
                }
            }

            starts.Add(start);
            negatives.Add(next);
            for (var j = start; j < end; j++)
            {
                if (labels[order[j]] != 1)
                {
                    sorted[next++] = order[j];
                }
            }

            start = end;
        }

        starts.Add(count);
        _groupStart = [.. starts];
        _groupNegatives = [.. negatives];
        _position = new int[count];
        for (var j = 0; j < count; j++)
        {
            _position[sorted[j]] = j;
        }
    }

    /// <summary>The number of rows.</summary>
    public int Count => _position.Length;

    /// <summary>The AUC of the resample made of <paramref name="rows"/> (repeats allowed); NaN when it has only one class.</summary>
    /// <param name="rows">The resample's rows.</param>
    /// <param name="scratch">Working space of <see cref="Count"/> integers, overwritten.</param>
    public double Compute(ReadOnlySpan<int> rows, Span<int> scratch)
    {
        var counts = scratch[..Count];
        counts.Clear();
        var position = _position;
        foreach (var row in rows)
        {
            counts[position[row]]++;
        }

        long twiceArea = 0; // Σ w⁺(group) × (2 w⁻(below) + w⁻(group)): twice the area, in integers
        long negativesBelow = 0;
        long positives = 0;
        for (var g = 0; g < _groupNegatives.Length; g++)
        {
            long groupPositives = Sum(counts[_groupStart[g].._groupNegatives[g]]);
            long groupNegatives = Sum(counts[_groupNegatives[g].._groupStart[g + 1]]);
            twiceArea += groupPositives * ((2 * negativesBelow) + groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
        }

        return positives == 0 || negativesBelow == 0
            ? double.NaN
            : twiceArea / (2.0 * positives * negativesBelow);
    }

    private static long Sum(ReadOnlySpan<int> counts)
    {
        long sum = 0;
        foreach (var count in counts)
        {
            sum += count;
        }

        return sum;
    }
}
