using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation;

public sealed class RankedScoresTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 10)]
    [InlineData(3, 1000)]
    public void Roc_auc_is_the_share_of_positive_negative_pairs_ordered_right_ties_counting_half(int seed, int decimals)
    {
        var (labels, scores) = RandomBinary(seed, 3000, decimals);
        var predictions = Predictions.Binary(labels, scores);
        double pairs = 0;
        double wins = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = 0; j < labels.Length; j++)
            {
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        using var ranked = RankedScores.Build(predictions, 0, 1, null, 1);

        Assert.Equal(wins / pairs, ranked.RocAuc(), 1e-15);
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(5, 10)]
    [InlineData(6, 1000)]
    public void Average_precision_is_the_precision_at_each_threshold_weighted_by_the_recall_it_adds(int seed, int decimals)
    {
        var (labels, scores) = RandomBinary(seed, 2000, decimals);
        var predictions = Predictions.Binary(labels, scores);
        var positives = labels.Count(l => l == 1);
        var expected = 0.0;
        var previousRecall = 0.0;
        foreach (var threshold in scores.Distinct().OrderDescending())
        {
            var selected = Enumerable.Range(0, labels.Length).Where(i => scores[i] >= threshold).ToArray();
            var truePositives = selected.Count(i => labels[i] == 1);
            var recall = (double)truePositives / positives;
            expected += (recall - previousRecall) * truePositives / selected.Length;
            previousRecall = recall;
        }

        using var ranked = RankedScores.Build(predictions, 0, 1, null, 1);

        Assert.Equal(expected, ranked.AveragePrecision(), 1e-12);
    }

    [Fact]
    public void Average_precision_without_positives_is_zero()
    {
        using var ranked = RankedScores.Build(Predictions.Binary([0, 0, 0], [0.1, 0.9, 0.5]), 0, 1, null, 1);

        Assert.Equal(0.0, ranked.AveragePrecision());
    }

    private static (int[] Labels, double[] Scores) RandomBinary(int seed, int count, int decimals)
    {
        var random = new RandomStream((ulong)seed, "tests/ranked");
        var labels = new int[count];
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = random.NextDouble() < 0.35 ? 1 : 0;
            scores[i] = Math.Round(Math.Clamp((0.4 * random.NextDouble()) + (0.6 * random.NextDouble() * labels[i]) + (0.3 * random.NextDouble()), 0, 1) * decimals) / decimals;
        }

        return (labels, scores);
    }
}
