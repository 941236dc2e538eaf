using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation;

/// <summary>The invariant of DESIGN.md: metrics are bit-identical whatever the thread count of the evaluation code.</summary>
public sealed class MetricCatalogDeterminismTests
{
    public static TheoryData<string> Sets => ["binary", "multiclass", "regression", "formula_binary", "formula_multiclass", "formula_regression"];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_metric_is_bit_identical_with_one_thread_and_with_several(string set)
    {
        var predictions = Build(set);

        var single = MetricCatalog.ComputeAll(predictions, null, maxDegreeOfParallelism: 1);

        Assert.All(single, v => Assert.True(v.IsDefined, $"{v.Name}: {v.UndefinedReason}"));
        foreach (var threads in new[] { 2, 3, 8 })
        {
            var parallel = MetricCatalog.ComputeAll(predictions, null, threads);
            Assert.Equal(Bits(single), Bits(parallel));
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_metric_is_bit_identical_when_the_rows_are_reordered(string set)
    {
        var predictions = Build(set);
        var order = Enumerable.Range(0, predictions.Count).ToArray();
        new RandomStream(17, "tests/determinism/order").Shuffle(order.AsSpan());

        var original = MetricCatalog.ComputeAll(predictions, null, 2);
        var reordered = MetricCatalog.ComputeAll(predictions.Select(order), null, 2);

        Assert.Equal(Bits(original), Bits(reordered));
    }

    [Fact]
    public void The_confusion_matrix_is_the_same_at_any_thread_count()
    {
        var predictions = Build("multiclass");

        var single = ConfusionMatrix.Compute(predictions, null, 1).ToArray();
        var parallel = ConfusionMatrix.Compute(predictions, null, 4).ToArray();

        Assert.Equal(single, parallel);
    }

    private static string[] Bits(IReadOnlyList<MetricValue> values) =>
        [.. values.Select(v => $"{v.Name}={BitConverter.DoubleToInt64Bits(v.Value):x16}")];

    // Large enough for several sum chunks (FixedChunks.Length rows) and several sort blocks.
    private static Predictions Build(string set)
    {
        var random = new RandomStream(23, $"tests/determinism/{set}");
        switch (set)
        {
            case "binary":
            {
                const int Rows = 400_000;
                var labels = new int[Rows];
                var scores = new double[Rows];
                for (var i = 0; i < Rows; i++)
                {
                    labels[i] = random.NextDouble() < 0.3 ? 1 : 0;
                    var score = 1 / (1 + Math.Exp(-(random.NextNormal() + labels[i])));
                    scores[i] = i % 3 == 0 ? Math.Round(score, 3) : score;
                }

                return Predictions.Binary(labels, scores);
            }

            case "multiclass":
            {
                const int Rows = 250_000;
                const int Classes = 4;
                var labels = new int[Rows];
                var scores = new double[Rows * Classes];
                for (var i = 0; i < Rows; i++)
                {
                    labels[i] = random.NextInt(Classes);
                    var total = 0.0;
                    for (var k = 0; k < Classes; k++)
                    {
                        scores[(i * Classes) + k] = random.NextDouble() + (k == labels[i] ? 0.5 : 0);
                        total += scores[(i * Classes) + k];
                    }

                    for (var k = 0; k < Classes; k++)
                    {
                        scores[(i * Classes) + k] /= total;
                    }
                }

                return Predictions.Multiclass(labels, scores, ["a", "b", "c", "d"]);
            }

            case "regression":
            {
                // Magnitudes from 1e-6 to 1e9, where a naive sum would depend on the order.
                const int Rows = 300_000;
                var targets = new double[Rows];
                var estimates = new double[Rows];
                for (var i = 0; i < Rows; i++)
                {
                    targets[i] = random.NextNormal() * Math.Pow(10, random.NextInt(-6, 10));
                    estimates[i] = targets[i] + (random.NextNormal() * Math.Pow(10, random.NextInt(-6, 8)));
                }

                return Predictions.Regression(targets, estimates);
            }

            case "formula_binary":
                return GoldenFixtures.FormulaRows(PredictionTask.Binary, 300_000);
            case "formula_multiclass":
                return GoldenFixtures.FormulaRows(PredictionTask.Multiclass, 200_000);
            default:
                return GoldenFixtures.FormulaRows(PredictionTask.Regression, 200_000);
        }
    }
}
