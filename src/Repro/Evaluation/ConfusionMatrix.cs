using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) pairs over a classification prediction set, as
/// scikit-learn's <c>confusion_matrix(y_true, y_pred, labels=all classes)</c>: rows are true classes,
/// columns predicted classes, both in <see cref="Classes"/> order.
/// </summary>
/// <remarks>
/// The hard prediction is <c>score &gt;= Threshold</c> for binary sets (see <see cref="MetricOptions"/>)
/// and the class with the highest score for multiclass sets, the first such class on ties.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    private ConfusionMatrix(IReadOnlyList<string> classes, long[] counts, long total)
    {
        Classes = classes;
        _counts = counts;
        Total = total;
    }

    /// <summary>Class names in index order; the matrix is <c>Classes.Count</c> square.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The number of rows counted (the sum of every cell).</summary>
    public long Total { get; }

    /// <summary>The number of rows whose true class is <paramref name="actual"/> and predicted class <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..Classes.Count-1.</exception>
    public long this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)actual, (uint)Classes.Count, nameof(actual));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)predicted, (uint)Classes.Count, nameof(predicted));
            return _counts[(actual * Classes.Count) + predicted];
        }
    }

    /// <summary>The rows whose true class is <paramref name="actual"/> (a row sum: the class's support).</summary>
    public long ActualTotal(int actual)
    {
        long total = 0;
        for (var predicted = 0; predicted < Classes.Count; predicted++)
        {
            total += this[actual, predicted];
        }

        return total;
    }

    /// <summary>The rows predicted as class <paramref name="predicted"/> (a column sum).</summary>
    public long PredictedTotal(int predicted)
    {
        long total = 0;
        for (var actual = 0; actual < Classes.Count; actual++)
        {
            total += this[actual, predicted];
        }

        return total;
    }

    /// <summary>The rows predicted correctly (the diagonal's sum).</summary>
    public long Correct
    {
        get
        {
            long total = 0;
            for (var k = 0; k < Classes.Count; k++)
            {
                total += this[k, k];
            }

            return total;
        }
    }

    /// <summary>The counts as a new <c>[actual, predicted]</c> array.</summary>
    public long[,] ToArray()
    {
        var k = Classes.Count;
        var result = new long[k, k];
        for (var actual = 0; actual < k; actual++)
        {
            for (var predicted = 0; predicted < k; predicted++)
            {
                result[actual, predicted] = _counts[(actual * k) + predicted];
            }
        }

        return result;
    }

    /// <summary>Counts the confusion matrix of a binary or multiclass prediction set.</summary>
    /// <param name="predictions">The predictions; binary or multiclass.</param>
    /// <param name="options">The binary threshold; null for the defaults.</param>
    /// <exception cref="ArgumentException">The predictions are regression.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN.</exception>
    public static ConfusionMatrix Compute(Predictions predictions, MetricOptions? options = null) =>
        Compute(predictions, options, Environment.ProcessorCount);

    /// <summary>Counts the matrix using at most <paramref name="maxDegreeOfParallelism"/> threads.</summary>
    internal static ConfusionMatrix Compute(Predictions predictions, MetricOptions? options, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var threshold = MetricOptions.ThresholdOf(options);
        if (predictions.Task == PredictionTask.Regression)
        {
            throw new ArgumentException("A confusion matrix needs binary or multiclass predictions, not regression.", nameof(predictions));
        }

        var width = predictions.Classes.Count;
        var binary = predictions.Task == PredictionTask.Binary;
        var partials = FixedChunks.Map(predictions.Count, maxDegreeOfParallelism, (start, end) =>
        {
            var counts = new long[width * width];
            if (binary)
            {
                CountBinary(predictions.Labels[start..end], predictions.Scores[start..end], threshold, counts);
            }
            else
            {
                CountMulticlass(predictions.Labels[start..end], predictions.Scores[(start * width)..(end * width)], width, counts);
            }

            return counts;
        });
        var total = new long[width * width];
        foreach (var partial in partials)
        {
            for (var cell = 0; cell < total.Length; cell++)
            {
                total[cell] += partial[cell];
            }
        }

        return new ConfusionMatrix(predictions.Classes, total, predictions.Count);
    }

    /// <summary>A matrix of given cell counts, row-major (<c>actual * Classes.Count + predicted</c>); a resample's weighted counts, say.</summary>
    internal static ConfusionMatrix FromCells(IReadOnlyList<string> classes, long[] counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        return new ConfusionMatrix(classes, counts, total);
    }

    /// <summary>The cell (<c>actual * Classes.Count + predicted</c>) that row <paramref name="row"/> of a classification set counts in.</summary>
    internal static int CellOf(Predictions predictions, int row, double threshold)
    {
        if (predictions.Task == PredictionTask.Binary)
        {
            return BinaryCell(predictions.Labels[row], predictions.Scores[row], threshold);
        }

        var width = predictions.Classes.Count;
        return MulticlassCell(predictions.Labels[row], predictions.Scores.Slice(row * width, width));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountBinary(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold, Span<long> counts)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            counts[BinaryCell(labels[i], scores[i], threshold)]++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountMulticlass(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int width, Span<long> counts)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            counts[MulticlassCell(labels[i], scores.Slice(i * width, width))]++;
        }
    }

    // Cell index = 2 * label + prediction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BinaryCell(int label, double score, double threshold) => (label << 1) | (score >= threshold ? 1 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MulticlassCell(int label, ReadOnlySpan<double> row) => (label * row.Length) + ArgMax(row);

    /// <summary>The index of the highest score, the first one on ties.</summary>
    internal static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }
}
