using Repro.Data.Splits;

namespace Repro.Tests.Data.Splits;

public sealed class FoldLayoutTests
{
    [Fact]
    public void Fractions_name_their_folds_by_count()
    {
        Assert.Equal(["train", "test"], FoldLayout.FromFractions(0.7, 0.3).Names);
        Assert.Equal(["train", "validation", "test"], FoldLayout.FromFractions(0.8, 0.1, 0.1).Names);
        Assert.Equal(["fold_0", "fold_1", "fold_2", "fold_3"], FoldLayout.FromFractions(0.25, 0.25, 0.25, 0.25).Names);
        Assert.Equal(["fold_0", "fold_1", "fold_2"], FoldLayout.KFold(3).Names);
    }

    [Fact]
    public void Fractions_that_sum_to_one_only_in_decimal_are_accepted_and_kept_exact()
    {
        var folds = FoldLayout.FromFractions(0.7, 0.2, 0.1);

        Assert.Equal([7L, 2, 1], folds.Weights);
        Assert.Equal(10, folds.TotalWeight);
    }

    [Theory]
    [InlineData(new[] { 0.5 }, "A split needs between 2 and 1000 fractions, not 1.")]
    [InlineData(new[] { 0.8, 0.1 }, "The fractions 0.8, 0.1 sum to 0.9, not 1.")]
    [InlineData(new[] { 1.1, -0.1 }, "Invalid fraction -0.1: each fraction must be a positive number.")]
    [InlineData(new[] { 1.0, 0.0 }, "Invalid fraction 0: each fraction must be a positive number.")]
    [InlineData(new[] { double.NaN, 0.5 }, "Invalid fraction NaN: each fraction must be a positive number.")]
    public void Bad_fractions_are_rejected_with_a_clear_message(double[] fractions, string message)
    {
        var error = Assert.Throws<InvalidSplitException>(() => FoldLayout.FromFractions(fractions));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(1001)]
    public void A_fold_count_outside_2_to_1000_is_rejected(int folds)
    {
        Assert.Throws<InvalidSplitException>(() => FoldLayout.KFold(folds));
    }

    [Fact]
    public void Fold_names_must_be_file_name_safe_and_distinct()
    {
        Assert.Throws<InvalidSplitException>(() => FoldLayout.Create(["train", "../x"], [0.5, 0.5]));
        Assert.Throws<InvalidSplitException>(() => FoldLayout.Create(["a", "a"], [0.5, 0.5]));
    }
}
