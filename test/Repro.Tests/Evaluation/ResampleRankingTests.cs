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
}
