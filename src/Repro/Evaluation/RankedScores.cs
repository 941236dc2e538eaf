using System.Buffers;
using System.Runtime.CompilerServices;

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
    public static RankedScores Build(Predictions predictions, int column, int positive, int? negative, int maxDegreeOfParallelism)
    {
        var width = predictions.Task == PredictionTask.Multiclass ? predictions.Classes.Count : 1;
        var other = negative ?? -1;

        // Per chunk: how many positives and negatives it holds, hence where it writes its keys.
        var chunkCounts = FixedChunks.Map(predictions.Count, maxDegreeOfParallelism, (start, end) =>
            CountRoles(predictions.Labels[start..end], positive, other));
        var positives = 0;
        var negatives = 0;
        var firstPositive = new int[chunkCounts.Length];
        var firstNegative = new int[chunkCounts.Length];
        for (var c = 0; c < chunkCounts.Length; c++)
        {
            firstPositive[c] = positives;
            firstNegative[c] = negatives;
            positives += chunkCounts[c].Positives;
            negatives += chunkCounts[c].Negatives;
        }

        var length = positives + negatives;
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, length));
        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, length));
        try
        {
            var totalPositives = positives;
            _ = FixedChunks.Map(predictions.Count, maxDegreeOfParallelism, (start, end) =>
            {
                var chunk = start / FixedChunks.Length;
                WriteKeys(
                    predictions.Labels[start..end],
                    predictions.Scores[(start * width)..(end * width)],
                    width,
                    column,
                    positive,
                    other,
                    keys.AsSpan(firstPositive[chunk], chunkCounts[chunk].Positives),
                    keys.AsSpan(totalPositives + firstNegative[chunk], chunkCounts[chunk].Negatives));
                return true;
            });

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

    // 'negative' is -1 for "every label but the positive one".
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Positives, int Negatives) CountRoles(ReadOnlySpan<int> labels, int positive, int negative)
    {
        var positives = 0;
        var negatives = 0;
        foreach (var label in labels)
        {
            if (label == positive)
            {
                positives++;
            }
            else if (negative < 0 || label == negative)
            {
                negatives++;
            }
        }

        return (positives, negatives);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteKeys(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int width, int column, int positive, int negative, Span<ulong> positiveKeys, Span<ulong> negativeKeys)
    {
        var p = 0;
        var n = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label == positive)
            {
                positiveKeys[p++] = ScoreKeySort.ToKey(scores[(i * width) + column]);
            }
            else if (negative < 0 || label == negative)
            {
                negativeKeys[n++] = ScoreKeySort.ToKey(scores[(i * width) + column]);
            }
        }
    }

    /// <summary>
    /// The area under the ROC curve: the probability that a positive outscores a negative, ties
    /// counting half (the trapezoid over scikit-learn's ROC curve). Computed in integers, one division.
    /// </summary>
    /// <remarks>Requires at least one positive and one negative.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
