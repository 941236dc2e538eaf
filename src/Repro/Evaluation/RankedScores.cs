using System.Buffers;

namespace Repro.Evaluation;

/// <summary>
/// The scores of the positive and of the negative rows of a one-against-another comparison, each
/// sorted ascending as order-preserving keys: what ROC AUC and average precision walk. Equal scores
/// are equal keys, so ties form groups exactly as scikit-learn's distinct thresholds do.
/// </summary>
internal sealed class RankedScores : IDisposable
{
    private RankedScores(ulong[] keys, int positives, int negatives)
    {
        _keys = keys;
        Positives = positives;
        Negatives = negatives;
    }

    private ulong[]? _keys;

    /// <summary>The number of positive rows.</summary>
    public int Positives { get; }

    /// <summary>The number of negative rows.</summary>
    public int Negatives { get; }

    private ReadOnlySpan<ulong> PositiveKeys => Keys.AsSpan(0, Positives);

    private ReadOnlySpan<ulong> NegativeKeys => Keys.AsSpan(Positives, Negatives);

    private ulong[] Keys => _keys ?? throw new ObjectDisposedException(nameof(RankedScores));

    /// <summary>
    /// Ranks score column <paramref name="column"/> of rows whose label is <paramref name="positive"/>
    /// against rows whose label is <paramref name="negative"/> (any other label when it is null).
    /// </summary>
    public static RankedScores Build(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int width, int column, int positive, int? negative, int maxDegreeOfParallelism)
    {
        var positives = 0;
        var negatives = 0;
        foreach (var label in labels)
        {
            if (label == positive)
            {
                positives++;
            }
            else if (negative is null || label == negative)
            {
                negatives++;
            }
        }

        var length = positives + negatives;
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, length));
        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, length));
        try
        {
            var nextPositive = 0;
            var nextNegative = positives;
            var other = negative ?? -1;
            for (var i = 0; i < labels.Length; i++)
            {
                var label = labels[i];
                if (label == positive)
                {
                    keys[nextPositive++] = ScoreKeySort.ToKey(scores[(i * width) + column]);
                }
                else if (negative is null || label == other)
                {
                    keys[nextNegative++] = ScoreKeySort.ToKey(scores[(i * width) + column]);
                }
            }

            ScoreKeySort.Sort(keys.AsMemory(0, positives), scratch.AsMemory(0, positives), maxDegreeOfParallelism);
            ScoreKeySort.Sort(keys.AsMemory(positives, negatives), scratch.AsMemory(0, negatives), maxDegreeOfParallelism);
        }
        catch
        {
            ArrayPool<ulong>.Shared.Return(keys);
            throw;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }

        return new RankedScores(keys, positives, negatives);
    }

    /// <summary>
    /// The area under the ROC curve: the probability that a positive outscores a negative, ties
    /// counting half (the trapezoid over scikit-learn's ROC curve). Computed in integers, one division.
    /// </summary>
    /// <remarks>Requires at least one positive and one negative.</remarks>
    public double RocAuc()
    {
        var positives = PositiveKeys;
        var negatives = NegativeKeys;
        long twiceWins = 0;
        var below = 0;
        var i = 0;
        while (i < positives.Length)
        {
            var key = positives[i];
            var group = 0;
            while (i < positives.Length && positives[i] == key)
            {
                group++;
                i++;
            }

            while (below < negatives.Length && negatives[below] < key)
            {
                below++;
            }

            var tied = 0;
            while (below + tied < negatives.Length && negatives[below + tied] == key)
            {
                tied++;
            }

            twiceWins += (long)group * ((2L * below) + tied);
        }

        return twiceWins / (2.0 * Positives * Negatives);
    }

    /// <summary>
    /// Average precision as scikit-learn defines it (no interpolation): the sum over distinct
    /// thresholds, from the highest score down, of the recall gained times the precision at that
    /// threshold. Each term is (new positives x positives at or above) / (rows at or above), rounded
    /// once; the terms are summed exactly and divided by the positive count. 0 when there are no positives.
    /// </summary>
    public double AveragePrecision()
    {
        var positives = PositiveKeys;
        var negatives = NegativeKeys;
        if (positives.Length == 0)
        {
            return 0.0;
        }

        var sum = new ExactSum();
        long truePositives = 0;
        long falsePositives = 0;
        var i = positives.Length - 1;
        var j = negatives.Length - 1;
        while (i >= 0)
        {
            var key = positives[i];
            long gained = 0;
            while (i >= 0 && positives[i] == key)
            {
                gained++;
                i--;
            }

            while (j >= 0 && negatives[j] >= key)
            {
                falsePositives++;
                j--;
            }

            truePositives += gained;
            sum.Add((double)(gained * truePositives) / (truePositives + falsePositives));
        }

        return sum.ToDouble() / Positives;
    }

    public void Dispose()
    {
        if (_keys is { } keys)
        {
            _keys = null;
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }
}
