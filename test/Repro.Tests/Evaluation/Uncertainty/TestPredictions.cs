using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation.Uncertainty;

/// <summary>Seeded prediction sets for the uncertainty tests.</summary>
internal static class TestPredictions
{
    /// <summary>
    /// Binary predictions whose scores are rounded to <paramref name="levels"/> values (so many tie), and
    /// that lean towards the true label by <paramref name="skill"/> (0: no skill).
    /// </summary>
    public static Predictions Binary(int count, ulong seed, int levels = 20, double skill = 0.3, bool withIds = false)
    {
        var random = new RandomStream(seed, "test/binary");
        var labels = new int[count];
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = random.NextInt(2);
            var raw = Math.Clamp(random.NextDouble() + (labels[i] == 1 ? skill : -skill), 0, 1);
            scores[i] = Math.Round(raw * levels) / levels;
        }

        return Predictions.Binary(labels, scores, withIds ? Ids(count) : null);
    }

    /// <summary>Binary predictions of the same labels as <paramref name="truth"/>, with other scores.</summary>
    public static Predictions WithScores(Predictions truth, ulong seed, double skill)
    {
        var random = new RandomStream(seed, "test/rescore");
        var scores = new double[truth.Count];
        for (var i = 0; i < truth.Count; i++)
        {
            var raw = Math.Clamp(random.NextDouble() + (truth.Labels[i] == 1 ? skill : -skill), 0, 1);
            scores[i] = Math.Round(raw * 20) / 20;
        }

        return Predictions.Binary(truth.Labels, scores, truth.Ids);
    }

    public static string[] Ids(int count) => [.. Enumerable.Range(0, count).Select(i => $"ex{i}")];

    /// <summary>The share of rows whose hard prediction (score >= 0.5) is the label, computed here, not by the catalog.</summary>
    public static double Accuracy(Predictions predictions)
    {
        var correct = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            correct += (predictions.Scores[i] >= 0.5 ? 1 : 0) == predictions.Labels[i] ? 1 : 0;
        }

        return (double)correct / predictions.Count;
    }
}
