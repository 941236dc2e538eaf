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
    private const byte Positive = 1;
    private const byte LastOfTie = 2;

    /// <summary>Rows in ascending score order.</summary>
    private readonly int[] _order;

    /// <summary>Per sorted position: <see cref="Positive"/> when the row is class 1, <see cref="LastOfTie"/> when the next score differs.</summary>
    private readonly byte[] _flags;

    public WeightedRocAuc(Predictions predictions)
    {
        if (predictions.Task != PredictionTask.Binary)
        {
            throw new ArgumentException("Weighted ROC-AUC applies to binary predictions.", nameof(predictions));
        }

        var count = predictions.Count;
        var scores = predictions.Scores.ToArray();
        _order = new int[count];
        for (var i = 0; i < count; i++)
        {
            _order[i] = i;
        }

        Array.Sort(scores, _order);
        _flags = new byte[count];
        var labels = predictions.Labels;
        for (var j = 0; j < count; j++)
        {
            var flag = labels[_order[j]] == 1 ? Positive : (byte)0;
            if (j == count - 1 || scores[j + 1] != scores[j])
            {
                flag |= LastOfTie;
            }

            _flags[j] = flag;
        }
    }

    /// <summary>The AUC of the resample with these per-row multiplicities; NaN when it has only one class.</summary>
    public double Compute(ReadOnlySpan<int> counts)
    {
        long twiceArea = 0; // Σ w⁺(group) × (2 w⁻(below) + w⁻(group)): twice the area, in integers
        long negativesBelow = 0;
        long positives = 0;
        long groupPositives = 0;
        long groupNegatives = 0;
        var order = _order;
        var flags = _flags;
        for (var j = 0; j < order.Length; j++)
        {
            long weight = counts[order[j]];
            var flag = flags[j];
            if ((flag & Positive) != 0)
            {
                groupPositives += weight;
            }
            else
            {
                groupNegatives += weight;
            }

            if ((flag & LastOfTie) != 0)
            {
                twiceArea += groupPositives * ((2 * negativesBelow) + groupNegatives);
                negativesBelow += groupNegatives;
                positives += groupPositives;
                groupPositives = 0;
                groupNegatives = 0;
            }
        }

        return positives == 0 || negativesBelow == 0
            ? double.NaN
            : twiceArea / (2.0 * positives * negativesBelow);
    }
}
