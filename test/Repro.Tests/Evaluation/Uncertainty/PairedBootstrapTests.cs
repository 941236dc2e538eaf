using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;

namespace Repro.Tests.Evaluation.Uncertainty;

public sealed class PairedBootstrapTests
{
    private static readonly BootstrapOptions Options = new() { Resamples = 300, Seed = 5 };

    [Fact]
    public void A_set_compared_with_itself_is_within_noise_with_p_1()
    {
        var a = TestPredictions.Binary(300, seed: 1);

        var result = PairedBootstrap.Compare(a, a, "roc_auc", Options);

        Assert.Equal(0, result.Difference);
        Assert.Equal((0.0, 0.0), (result.Low, result.High));
        Assert.Equal(1, result.PValue);
        Assert.Equal(ComparisonVerdict.WithinNoise, result.Verdict);
        Assert.Equal("within noise", result.VerdictText);
    }

    [Fact]
    public void A_clearly_better_b_is_better_with_the_smallest_p_value()
    {
        var a = TestPredictions.Binary(500, seed: 2, skill: 0.05);
        var b = TestPredictions.WithScores(a, seed: 3, skill: 0.5);

        var result = PairedBootstrap.Compare(a, b, "roc_auc", Options);

        Assert.True(result.ValueB > result.ValueA);
        Assert.True(result.Low > 0);
        Assert.Equal(ComparisonVerdict.BIsBetter, result.Verdict);
        Assert.Equal("B is better", result.VerdictText);
        Assert.Equal(2.0 / (300 + 1), result.PValue);
    }

    [Fact]
    public void Swapping_the_sets_says_a_is_better()
    {
        var a = TestPredictions.Binary(500, seed: 2, skill: 0.05);
        var b = TestPredictions.WithScores(a, seed: 3, skill: 0.5);

        var result = PairedBootstrap.Compare(b, a, "roc_auc", Options);

        Assert.True(result.High < 0);
        Assert.Equal(ComparisonVerdict.AIsBetter, result.Verdict);
    }

    [Fact]
    public void For_an_error_metric_a_lower_value_is_better()
    {
        var targets = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var a = Predictions.Regression(targets, [.. targets.Select((t, i) => t + (i % 2 == 0 ? 3.0 : -3.0))]);
        var b = Predictions.Regression(targets, [.. targets.Select((t, i) => t + (i % 2 == 0 ? 0.5 : -0.5))]);

        var result = PairedBootstrap.Compare(a, b, "mse", Options);

        Assert.False(result.HigherIsBetter);
        Assert.Equal(0.25 - 9, result.Difference);
        Assert.Equal(ComparisonVerdict.BIsBetter, result.Verdict);
    }

    [Fact]
    public void The_interval_and_p_value_come_from_the_same_rows_resampled_for_both_sets()
    {
        var a = TestPredictions.Binary(250, seed: 4, skill: 0.2);
        var b = TestPredictions.WithScores(a, seed: 5, skill: 0.22);

        var result = PairedBootstrap.Compare(a, b, "accuracy", Options);

        var rows = new int[a.Count];
        var differences = new double[Options.Resamples];
        for (var i = 0; i < Options.Resamples; i++)
        {
            BootstrapResample.Draw(Options.Seed, i, rows);
            differences[i] = TestPredictions.Accuracy(b.Select(rows)) - TestPredictions.Accuracy(a.Select(rows));
        }

        Array.Sort(differences);
        var observed = TestPredictions.Accuracy(b) - TestPredictions.Accuracy(a);
        var opposite = differences.Count(d => observed > 0 ? d <= 0 : d >= 0);
        Assert.Equal(observed, result.Difference);
        Assert.Equal(Percentile.Interval(differences, 0.95), (result.Low, result.High));
        Assert.Equal(Math.Min(1, 2.0 * (opposite + 1) / (Options.Resamples + 1)), result.PValue);
        Assert.Equal(result.Low > 0 ? ComparisonVerdict.BIsBetter : result.High < 0 ? ComparisonVerdict.AIsBetter : ComparisonVerdict.WithinNoise, result.Verdict);
    }

    [Fact]
    public void Rows_pair_by_id_whatever_their_order_in_b()
    {
        var a = TestPredictions.Binary(300, seed: 6, withIds: true);
        var b = TestPredictions.WithScores(a, seed: 7, skill: 0.35);
        var reversed = b.Select([.. Enumerable.Range(0, b.Count).Reverse()]);

        var inOrder = PairedBootstrap.Compare(a, b, "roc_auc", Options);
        var shuffled = PairedBootstrap.Compare(a, reversed, "roc_auc", Options);

        Assert.Equal(PairedBy.Id, shuffled.PairedBy);
        Assert.Equal(inOrder, shuffled);
    }

    [Fact]
    public void Results_are_bit_identical_for_a_seed_whatever_the_thread_count()
    {
        var a = TestPredictions.Binary(800, seed: 8);
        var b = TestPredictions.WithScores(a, seed: 9, skill: 0.3);

        var one = PairedBootstrap.Compare(a, b, "roc_auc", Options with { MaxDegreeOfParallelism = 1 });
        var four = PairedBootstrap.Compare(a, b, "roc_auc", Options with { MaxDegreeOfParallelism = 4 });

        Assert.Equal(one, four);
    }

    [Fact]
    public void Multiclass_sets_pair_when_their_class_columns_are_in_another_order()
    {
        var a = Predictions.Multiclass([0, 1, 1], [0.9, 0.1, 0.2, 0.8, 0.6, 0.4], ["x", "y"]);
        var b = Predictions.Multiclass([1, 0, 0], [0.1, 0.9, 0.8, 0.2, 0.4, 0.6], ["y", "x"]);

        var result = PairedBootstrap.Compare(a, b, "accuracy", Options);

        Assert.Equal(result.ValueA, result.ValueB);
        Assert.Equal(PairedBy.RowOrder, result.PairedBy);
    }

    [Fact]
    public void Ids_missing_on_either_side_are_counted_with_examples()
    {
        var a = Predictions.Binary([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5], ["a", "b", "c", "d"]);
        var b = Predictions.Binary([1, 0, 1], [0.5, 0.5, 0.5], ["a", "b", "e"]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.Equal(
            "The predictions do not cover the same examples: 2 ids of A are missing from B (e.g. 'c', 'd'); 1 id of B is missing from A (e.g. 'e'). Paired comparisons need predictions for the same ids.",
            error.Message);
    }

    [Fact]
    public void Different_labels_for_the_same_id_are_an_error()
    {
        var a = Predictions.Binary([1, 0], [0.5, 0.5], ["a", "b"]);
        var b = Predictions.Binary([1, 1], [0.5, 0.5], ["b", "a"]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.Equal("Id 'b' has y_true 0 in A but 1 in B; paired predictions must be of the same examples with the same true values.", error.Message);
    }

    [Fact]
    public void Without_ids_labels_must_agree_row_by_row()
    {
        var a = Predictions.Regression([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]);
        var b = Predictions.Regression([1.0, 2.0, 3.5], [1.0, 2.0, 3.0]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "mse", Options));

        Assert.Equal("Row 3 has y_true 3 in A but 3.5 in B; paired predictions must be of the same examples with the same true values.", error.Message);
    }

    [Fact]
    public void Without_ids_the_row_counts_must_match()
    {
        var a = Predictions.Binary([1, 0], [0.5, 0.5]);
        var b = Predictions.Binary([1, 0, 1], [0.5, 0.5, 0.5]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.StartsWith("A has 2 rows and B 3; without ids rows pair by position", error.Message);
    }

    [Fact]
    public void Ids_on_one_side_only_are_an_error()
    {
        var a = Predictions.Binary([1, 0], [0.5, 0.5]);
        var b = Predictions.Binary([1, 0], [0.5, 0.5], ["a", "b"]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.Equal("B's predictions have ids and A's do not; give both sets ids (to pair rows by id) or neither (to pair them by row order).", error.Message);
    }

    [Fact]
    public void Different_tasks_are_an_error()
    {
        var a = Predictions.Binary([1, 0], [0.5, 0.5]);
        var b = Predictions.Regression([1.0, 0.0], [0.5, 0.5]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.Equal("A holds binary predictions and B regression predictions; only predictions of the same task can be compared.", error.Message);
    }

    [Fact]
    public void Different_classes_are_an_error()
    {
        var a = Predictions.Multiclass([0], [0.5, 0.5], ["x", "y"]);
        var b = Predictions.Multiclass([0], [0.5, 0.5], ["x", "z"]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.Equal("A's classes (x, y) differ from B's (x, z); only predictions over the same classes can be compared.", error.Message);
    }

    [Fact]
    public void Repeated_ids_are_an_error()
    {
        var a = Predictions.Binary([1, 0], [0.5, 0.5], ["a", "a"]);
        var b = Predictions.Binary([1, 0], [0.5, 0.5], ["a", "b"]);

        var error = Assert.Throws<PredictionsMismatchException>(() => PairedBootstrap.Compare(a, b, "accuracy", Options));

        Assert.Equal("Id 'a' appears more than once in A; ids must be unique to pair rows.", error.Message);
    }

    [Theory]
    [InlineData(0.1, new[] { -0.1, 0.0, 0.2, 0.3 }, 1.0)]          // k = 2 of 4: min(1, 2 * 3 / 5)
    [InlineData(0.1, new[] { 0.1, 0.2, 0.3, 0.05 }, 0.4)]          // k = 0 of 4: 2 * 1 / 5
    [InlineData(-0.2, new[] { -0.1, 0.01, -0.3, -0.2, -0.4 }, 2.0 * 2 / 6)] // k = 1 (0.01 >= 0) of 5
    [InlineData(0.0, new[] { 0.1, 0.2 }, 1.0)]                       // no observed difference
    public void The_p_value_counts_resamples_on_the_other_side_of_zero_with_the_plus_one_correction(double observed, double[] differences, double expected)
    {
        Assert.Equal(expected, PairedBootstrap.PValue(observed, differences), 1e-15);
    }
}
