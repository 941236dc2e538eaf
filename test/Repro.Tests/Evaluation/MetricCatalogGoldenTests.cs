using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

/// <summary>Every metric against scikit-learn 1.2's value on the committed fixtures (Fixtures/README.md).</summary>
public sealed class MetricCatalogGoldenTests
{
    // Metrics computed from integer counts with the same final divisions as scikit-learn: bit-identical.
    private static readonly HashSet<string> ExactMetrics =
    [
        "accuracy", "precision", "recall", "f1", "f1_micro", "matthews_corrcoef", "top_2_accuracy",
    ];

    // Everything else sums floating-point terms; Repro sums exactly (one rounding), numpy pairwise.
    private const double RelativeTolerance = 1e-12;

    public static TheoryData<string> Cases => GoldenFixtures.CaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_metric_matches_scikit_learn(string caseName)
    {
        var golden = GoldenFixtures.Case(caseName);

        var values = MetricCatalog.ComputeAll(golden.Predictions, golden.Options);

        Assert.Equal(MetricCatalog.NamesFor(golden.Predictions.Task), values.Select(v => v.Name));
        foreach (var value in values)
        {
            if (golden.Undefined.Contains(value.Name))
            {
                Assert.True(double.IsNaN(value.Value), $"{value.Name}: scikit-learn has no value, Repro gave {value.Value:R}");
                Assert.False(string.IsNullOrWhiteSpace(value.UndefinedReason));
                continue;
            }

            var expected = golden.Expected[value.Name];
            Assert.True(value.IsDefined, $"{value.Name}: undefined ({value.UndefinedReason}), scikit-learn gives {expected:R}");
            if (ExactMetrics.Contains(value.Name))
            {
                Assert.True(expected == value.Value, $"{value.Name}: expected exactly {expected:R}, got {value.Value:R}");
            }
            else
            {
                var error = Math.Abs(value.Value - expected) / Math.Max(Math.Abs(expected), double.Epsilon);
                Assert.True(expected == value.Value || error <= RelativeTolerance, $"{value.Name}: expected {expected:R}, got {value.Value:R} (relative error {error:E2})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_gives_the_same_value_as_ComputeAll(string caseName)
    {
        var golden = GoldenFixtures.Case(caseName);
        var all = MetricCatalog.ComputeAll(golden.Predictions, golden.Options);

        foreach (var value in all.Where(v => v.IsDefined))
        {
            var single = MetricCatalog.Compute(value.Name, golden.Predictions, golden.Options);

            Assert.Equal(BitConverter.DoubleToInt64Bits(value.Value), BitConverter.DoubleToInt64Bits(single));
        }

        foreach (var value in all.Where(v => !v.IsDefined))
        {
            var error = Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute(value.Name, golden.Predictions, golden.Options));
            Assert.Equal(value.UndefinedReason, error.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confusion_matrix_matches_scikit_learn(string caseName)
    {
        var golden = GoldenFixtures.Case(caseName);
        if (golden.ConfusionMatrix is null)
        {
            return; // regression
        }

        var matrix = ConfusionMatrix.Compute(golden.Predictions, golden.Options);

        var counts = matrix.ToArray();
        var actual = Enumerable.Range(0, counts.GetLength(0))
            .Select(r => Enumerable.Range(0, counts.GetLength(1)).Select(c => counts[r, c]).ToArray())
            .ToArray();
        Assert.Equal(golden.ConfusionMatrix, actual);
        Assert.Equal(golden.Predictions.Count, matrix.Total);
    }
}
