using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation;

public sealed class ResampleRankingTests
{
    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 1000)]
    [InlineData(3, 0)]
    public void A_resample_s_values_are_bit_identical_to_scoring_the_selected_rows(int seed, int decimals)
    {
        var random = new RandomStream((ulong)seed, "tests/resample-ranking");
        var labels = new int[5000];
        var scores = new double[5000];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = random.NextDouble() < 0.4 ? 1 : 0;
            var score = Math.Clamp((0.5 * random.NextDouble()) + (0.4 * labels[i] * random.NextDouble()), 0, 1);
            scores[i] = decimals == 0 ? score : Math.Round(score * decimals) / decimals;
        }

        var predictions = Predictions.Binary(labels, scores);
        var ranking = ResampleRanking.Build(predictions);
        for (var b = 0; b < 20; b++)
        {
            var rows = random.SampleWithReplacement(predictions.Count, predictions.Count);
            var draws = new int[predictions.Count];
            foreach (var row in rows)
            {
                draws[row]++;
            }

            var resample = predictions.Select(rows);

            Assert.Equal(BitConverter.DoubleToInt64Bits(MetricCatalog.Compute("roc_auc", resample)), BitConverter.DoubleToInt64Bits(ranking.RocAuc(draws)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(MetricCatalog.Compute("average_precision", resample)), BitConverter.DoubleToInt64Bits(ranking.AveragePrecision(draws)));
        }
    }

    [Fact]
    public void A_resample_of_one_class_has_no_roc_auc_and_no_positives_gives_zero_average_precision()
    {
        var ranking = ResampleRanking.Build(Predictions.Binary([0, 1, 0], [0.2, 0.9, 0.4]));
        int[] negativesOnly = [2, 0, 1];

        Assert.Throws<MetricUndefinedException>(() => ranking.RocAuc(negativesOnly));
        Assert.Equal(0.0, ranking.AveragePrecision(negativesOnly));
        Assert.Throws<ArgumentException>(() => ranking.RocAuc([1, 1]));
    }

    [Fact]
    public void Unit_draws_give_the_auc_of_the_whole_set_with_ties_counted_half()
    {
        // Positives at 0.8 and 0.4, negatives at 0.4 and 0.1: pairs (0.8 > 0.4), (0.8 > 0.1), (0.4 = 0.4: half), (0.4 > 0.1).
        var ranking = ResampleRanking.Build(Predictions.Binary([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1]));

        Assert.Equal(3.5 / 4, ranking.RocAuc([1, 1, 1, 1]));
    }

    [Fact]
    public void Repeated_rows_weigh_as_often_as_they_are_drawn()
    {
        // Row 0 (positive, 0.8) twice, row 2 (negative, 0.4) three times, row 1 (positive, 0.4) once:
        // pairs: 2 x 3 from row 0 over row 2, 1 x 3 tied halves from row 1 with row 2.
        var ranking = ResampleRanking.Build(Predictions.Binary([1, 1, 0], [0.8, 0.4, 0.4]));

        Assert.Equal((6 + 1.5) / 9, ranking.RocAuc([2, 1, 3]));
    }

    [Fact]
    public void Draws_laid_out_in_score_order_give_the_same_values_as_draws_per_row()
    {
        var predictions = Predictions.Binary([1, 0, 1, 0, 1, 0], [0.3, 0.9, 0.3, 0.1, 0.7, 0.3]);
        var ranking = ResampleRanking.Build(predictions);
        int[] draws = [2, 1, 0, 3, 1, 1];
        var inOrder = new int[draws.Length];
        for (var position = 0; position < inOrder.Length; position++)
        {
            inOrder[position] = draws[ranking.Order[position]];
        }

        Assert.Equal(ranking.RocAuc(draws), ranking.RocAucInOrder(inOrder));
        Assert.Equal(ranking.AveragePrecision(draws), ranking.AveragePrecisionInOrder(inOrder));
        Assert.True(double.IsNaN(ranking.RocAucInOrder(new int[6] { 0, 0, 0, 0, 0, 0 })));
    }
}
