using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Binary_rows_are_true_classes_and_columns_are_score_at_or_above_the_threshold()
    {
        var predictions = Predictions.Binary([0, 0, 1, 1, 1], [0.1, 0.5, 0.5, 0.7, 0.2]);

        var matrix = ConfusionMatrix.Compute(predictions);

        Assert.Equal(new long[,] { { 1, 1 }, { 1, 2 } }, matrix.ToArray());
        Assert.Equal(["0", "1"], matrix.Classes);
        Assert.Equal(5, matrix.Total);
        Assert.Equal(3, matrix.Correct);
        Assert.Equal(3, matrix.ActualTotal(1));
        Assert.Equal(3, matrix.PredictedTotal(1));
    }

    [Fact]
    public void The_threshold_moves_rows_between_columns()
    {
        var predictions = Predictions.Binary([0, 0, 1, 1, 1], [0.1, 0.5, 0.5, 0.7, 0.2]);

        var matrix = ConfusionMatrix.Compute(predictions, new MetricOptions { Threshold = 0.6 });

        Assert.Equal(new long[,] { { 2, 0 }, { 2, 1 } }, matrix.ToArray());
    }

    [Fact]
    public void Multiclass_predicts_the_first_highest_score_on_ties()
    {
        var predictions = Predictions.Multiclass([0, 1, 2, 2], [0.4, 0.4, 0.2, 0.2, 0.4, 0.4, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8], ["a", "b", "c"]);

        var matrix = ConfusionMatrix.Compute(predictions);

        Assert.Equal(new long[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 2 } }, matrix.ToArray());
        Assert.Equal(1, matrix[1, 1]);
    }

    [Fact]
    public void Regression_predictions_have_no_confusion_matrix()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute(Predictions.Regression([1.0], [2.0])));

        Assert.Contains("binary or multiclass", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_outside_the_classes_is_refused()
    {
        var matrix = ConfusionMatrix.Compute(Predictions.Binary([0, 1], [0.2, 0.9]));

        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[2, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[0, -1]);
    }
}
