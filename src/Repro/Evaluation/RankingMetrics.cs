using System.Globalization;
using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>Metrics of how scores order the rows, with scikit-learn's semantics.</summary>
internal static class RankingMetrics
{
    /// <summary>Binary ROC AUC; ties count half.</summary>
    /// <exception cref="MetricUndefinedException">Only one class is present in the true labels.</exception>
    public static double RocAuc(MetricInputs inputs)
    {
        var ranking = inputs.BinaryRanking;
        if (ranking.Positives == 0 || ranking.Negatives == 0)
        {
            throw new MetricUndefinedException("roc_auc", "only one class is present in y_true, and ROC AUC needs both");
        }

        return ranking.RocAuc();
    }

    /// <summary>Binary average precision (step-wise, not interpolated); 0 when no label is positive.</summary>
    public static double AveragePrecision(MetricInputs inputs) => inputs.BinaryRanking.AveragePrecision();

    /// <summary>
    /// The unweighted mean over classes of the ROC AUC of each class against all others (scikit-learn's
    /// multi_class='ovr', average='macro', labels = every declared class).
    /// </summary>
    /// <exception cref="MetricUndefinedException">
    /// Rows do not sum to 1, or some class is absent from (or is all of) the true labels.
    /// </exception>
    public static double RocAucOneVsRestMacro(MetricInputs inputs)
    {
        const string Name = "roc_auc_ovr_macro";
        var predictions = inputs.Predictions;
        RequireProbabilityRows(predictions, Name, inputs.MaxDegreeOfParallelism);
        var width = predictions.Classes.Count;
        var sum = new ExactSum();
        for (var k = 0; k < width; k++)
        {
            using var ranking = RankedScores.Build(predictions, k, k, null, inputs.MaxDegreeOfParallelism);
            if (ranking.Positives == 0 || ranking.Negatives == 0)
            {
                throw new MetricUndefinedException(Name, $"class '{predictions.Classes[k]}' is {(ranking.Positives == 0 ? "absent from" : "every row of")} y_true, so its one-vs-rest ROC AUC is not defined");
            }

            sum.Add(ranking.RocAuc());
        }

        return sum.ToDouble() / width;
    }

    /// <summary>
    /// Hand and Till's one-vs-one mean: for each pair of classes present in the true labels, the mean
    /// of the AUC of a against b (scored by a's column, rows of a or b only) and of b against a (scored
    /// by b's column); then the unweighted mean over pairs (scikit-learn's multi_class='ovo', average='macro').
    /// </summary>
    /// <exception cref="MetricUndefinedException">Rows do not sum to 1, or fewer than two classes are present in the true labels.</exception>
    public static double RocAucOneVsOneMacro(MetricInputs inputs)
    {
        const string Name = "roc_auc_ovo_macro";
        var predictions = inputs.Predictions;
        RequireProbabilityRows(predictions, Name, inputs.MaxDegreeOfParallelism);
        var width = predictions.Classes.Count;
        var present = new bool[width];
        foreach (var label in predictions.Labels)
        {
            present[label] = true;
        }

        var sum = new ExactSum();
        var pairs = 0;
        for (var a = 0; a < width; a++)
        {
            for (var b = a + 1; b < width; b++)
            {
                if (!present[a] || !present[b])
                {
                    continue;
                }

                using var aAgainstB = RankedScores.Build(predictions, a, a, b, inputs.MaxDegreeOfParallelism);
                using var bAgainstA = RankedScores.Build(predictions, b, b, a, inputs.MaxDegreeOfParallelism);
                sum.Add((aAgainstB.RocAuc() + bAgainstA.RocAuc()) / 2);
                pairs++;
            }
        }

        if (pairs == 0)
        {
            throw new MetricUndefinedException(Name, "fewer than two classes are present in y_true, so there is no pair to compare");
        }

        return sum.ToDouble() / pairs;
    }

    /// <summary>
    /// The fraction of rows whose true class is among the k highest scores, as scikit-learn's
    /// top_k_accuracy_score: classes are ranked by a stable ascending sort reversed, so among equal
    /// scores the higher class index ranks first.
    /// </summary>
    public static double TopKAccuracy(Predictions predictions, int k, int maxDegreeOfParallelism)
    {
        var width = predictions.Classes.Count;
        var hits = FixedChunks.Count(predictions.Count, maxDegreeOfParallelism, (start, end) =>
            CountTopKHits(predictions.Labels[start..end], predictions.Scores[(start * width)..(end * width)], width, k));
        return (double)hits / predictions.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountTopKHits(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int width, int k)
    {
        long hits = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (IsInTopK(labels[i], scores.Slice(i * width, width), k))
            {
                hits++;
            }
        }

        return hits;
    }

    /// <summary>Row <paramref name="row"/>'s term of <see cref="TopKAccuracy"/>: 1 when its true class is among the k highest scores, else 0.</summary>
    public static double TopKHit(Predictions predictions, int row, int k)
    {
        var width = predictions.Classes.Count;
        return IsInTopK(predictions.Labels[row], predictions.Scores.Slice(row * width, width), k) ? 1.0 : 0.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsInTopK(int label, ReadOnlySpan<double> row, int k)
    {
        var own = row[label];
        var ahead = 0;
        for (var c = 0; c < row.Length && ahead < k; c++)
        {
            if (row[c] > own || (row[c] == own && c > label))
            {
                ahead++;
            }
        }

        return ahead < k;
    }

    // scikit-learn requires multiclass ROC AUC scores to be probabilities: np.allclose(1, row sums),
    // that is |sum - 1| <= 1e-8 + 1e-5 * |sum| for every row. The first offending row is reported.
    private static void RequireProbabilityRows(Predictions predictions, string name, int maxDegreeOfParallelism)
    {
        var width = predictions.Classes.Count;
        var firstBadRows = FixedChunks.Map(predictions.Count, maxDegreeOfParallelism, (start, end) =>
            FirstNonProbabilityRow(predictions.Scores[(start * width)..(end * width)], width) is var row and >= 0 ? start + row : -1);
        var bad = firstBadRows.FirstOrDefault(row => row >= 0, -1);
        if (bad >= 0)
        {
            var total = RowSum(predictions.Scores.Slice(bad * width, width));
            throw new MetricUndefinedException(name, $"row {bad}'s scores sum to {total.ToString("R", CultureInfo.InvariantCulture)}, not 1; multiclass ROC AUC needs class probabilities");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstNonProbabilityRow(ReadOnlySpan<double> scores, int width)
    {
        for (var i = 0; i < scores.Length / width; i++)
        {
            var total = RowSum(scores.Slice(i * width, width));
            if (!(Math.Abs(total - 1) <= 1e-8 + (1e-5 * Math.Abs(total))))
            {
                return i;
            }
        }

        return -1;
    }

    private static double RowSum(ReadOnlySpan<double> row)
    {
        var total = 0.0;
        foreach (var score in row)
        {
            total += score;
        }

        return total;
    }
}
