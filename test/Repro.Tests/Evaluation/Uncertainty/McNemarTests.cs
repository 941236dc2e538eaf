using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;

namespace Repro.Tests.Evaluation.Uncertainty;

public sealed class McNemarTests
{
    // Expected p-values from scipy 1.10.1 (Debian 12's python3-scipy): min(1, 2 * binom.cdf(min(b, c), b + c, 0.5)),
    // statsmodels' mcnemar(exact=True), equal to binomtest(min(b, c), b + c, 0.5).pvalue for every case.
    // Produced by mcnemar_reference.py beside this file.
    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(0, 1, 1.0)]
    [InlineData(3, 3, 1.0)]
    [InlineData(5, 1, 0.21875)]
    [InlineData(1, 5, 0.21875)]
    [InlineData(10, 3, 0.09228515625)]
    [InlineData(0, 30, 1.862645149230957e-09)]
    [InlineData(12, 25, 0.04703102743951604)]
    [InlineData(59, 42, 0.11091834966064003)]
    [InlineData(100, 130, 0.05561357778139239)]
    [InlineData(3, 200, 2.1693555718929497e-55)]
    [InlineData(1000, 1100, 0.030720707864242486)]
    [InlineData(5000, 5300, 0.003215819673645256)]
    [InlineData(50000, 50700, 0.02761286943193812)]
    [InlineData(400000, 401500, 0.09405902806237847)]
    public void Exact_p_values_match_scipy(long onlyA, long onlyB, double expected)
    {
        var actual = McNemar.ExactPValue(onlyA, onlyB);

        Assert.True(Math.Abs(actual - expected) <= 1e-11 * expected, $"{actual:R} vs {expected:R}");
    }

    [Fact]
    public void Overwhelming_evidence_gives_a_p_value_of_zero_rather_than_failing()
    {
        Assert.Equal(0, McNemar.ExactPValue(0, 5_000));
    }

    [Fact]
    public void The_table_counts_right_and_wrong_per_classifier_at_the_threshold()
    {
        // Labels 1 1 0 0 1; A predicts 1 1 1 0 0 (right, right, wrong, right, wrong); B predicts 1 0 0 0 1 (right, wrong, right, right, right).
        var a = Predictions.Binary([1, 1, 0, 0, 1], [0.9, 0.5, 0.7, 0.2, 0.1]);
        var b = Predictions.Binary([1, 1, 0, 0, 1], [0.8, 0.4, 0.3, 0.49, 0.6]);

        var result = McNemar.Test(a, b);

        Assert.Equal((2, 1, 2, 0), (result.BothCorrect, result.OnlyACorrect, result.OnlyBCorrect, result.BothWrong));
        Assert.Equal(1, result.PValue);
        Assert.Equal(5, result.Rows);
    }

    [Fact]
    public void The_threshold_decides_binary_hard_predictions()
    {
        var a = Predictions.Binary([1, 0], [0.6, 0.4]);
        var b = Predictions.Binary([1, 0], [0.6, 0.4]);

        var result = McNemar.Test(a, b, new MetricOptions { Threshold = 0.7 });

        Assert.Equal((1, 1), (result.BothCorrect, result.BothWrong));
    }

    [Fact]
    public void Multiclass_predictions_are_the_highest_score_and_the_first_class_on_ties()
    {
        var a = Predictions.Multiclass([0, 1], [0.5, 0.5, 0.1, 0.9], ["x", "y"]);
        var b = Predictions.Multiclass([1, 1], [0.5, 0.5, 0.9, 0.1], ["x", "y"]);

        var result = McNemar.Test(a, Predictions.Multiclass([0, 1], [0.4, 0.6, 0.9, 0.1], ["x", "y"]));

        Assert.Equal((0, 2, 0, 0), (result.BothCorrect, result.OnlyACorrect, result.OnlyBCorrect, result.BothWrong));
        Assert.Throws<PredictionsMismatchException>(() => McNemar.Test(a, b));
    }

    [Fact]
    public void Rows_pair_by_id()
    {
        var a = Predictions.Binary([1, 0], [0.9, 0.9], ["p", "q"]);
        var b = Predictions.Binary([0, 1], [0.1, 0.9], ["q", "p"]);

        var result = McNemar.Test(a, b);

        Assert.Equal(PairedBy.Id, result.PairedBy);
        Assert.Equal((1, 0, 1, 0), (result.BothCorrect, result.OnlyACorrect, result.OnlyBCorrect, result.BothWrong));
    }

    [Fact]
    public void Regression_predictions_are_refused()
    {
        var a = Predictions.Regression([1.0], [1.0]);

        Assert.Throws<ArgumentException>(() => McNemar.Test(a, a));
    }

    [Fact]
    public void Negative_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemar.ExactPValue(-1, 3));
    }
}
