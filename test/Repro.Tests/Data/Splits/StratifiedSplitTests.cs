using Repro.Data.Splits;

namespace Repro.Tests.Data.Splits;

public sealed class StratifiedSplitTests
{
    private static SplitOptions Stratified(FoldLayout? folds = null) =>
        new() { KeyColumn = "id", StratifyColumn = "label", Folds = folds ?? FoldLayout.FromFractions(0.8, 0.1, 0.1) };

    [Fact]
    public void Awkward_class_sizes_follow_the_documented_remainder_rule()
    {
        // a: 7 x (0.8, 0.1, 0.1) = 5.6, 0.7, 0.7 -> floors 5, 0, 0; two leftovers go to the folds furthest
        //    below target (validation and test, tied at 0.7 behind); train stays at 5.
        // b: 3 -> 2.4, 0.3, 0.3 -> floors 2, 0, 0; one leftover; after a the totals are 5, 1, 1 and the
        //    targets for 10 examples are 8, 1, 1, so train is furthest behind: 3, 0, 0.
        // c: 1 -> 0.8, 0.1, 0.1; targets for 11 are 8.8, 1.1, 1.1 against 8, 1, 1: train again.
        var split = SplitAssignment.Create(SplitTestData.Labelled(("a", 7), ("b", 3), ("c", 1)), Stratified());

        Assert.Equal(Counts(("a", 5), ("b", 3), ("c", 1)), split.Folds[0].ClassCounts);
        Assert.Equal(Counts(("a", 1), ("b", 0), ("c", 0)), split.Folds[1].ClassCounts);
        Assert.Equal(Counts(("a", 1), ("b", 0), ("c", 0)), split.Folds[2].ClassCounts);
        Assert.Equal([9, 1, 1], split.Folds.Select(f => f.Rows));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(13)]
    [InlineData(101)]
    public void Every_class_gets_the_floor_or_ceiling_of_its_exact_share_in_every_fold(int classSize)
    {
        var fractions = new[] { 0.7, 0.2, 0.1 };
        var split = SplitAssignment.Create(SplitTestData.Labelled(("x", classSize), ("y", classSize + 1), ("z", 2 * classSize + 3)), Stratified(FoldLayout.FromFractions(fractions)));

        foreach (var (label, size) in new[] { ("x", classSize), ("y", classSize + 1), ("z", (2 * classSize) + 3) })
        {
            Assert.Equal(size, split.Folds.Sum(f => f.ClassCounts[label]));
            for (var fold = 0; fold < 3; fold++)
            {
                var exact = size * (decimal)fractions[fold];
                Assert.InRange(split.Folds[fold].ClassCounts[label], Math.Floor(exact), Math.Ceiling(exact));
            }
        }
    }

    [Fact]
    public void Many_small_classes_still_fill_every_fold_in_proportion()
    {
        var classes = Enumerable.Range(0, 100).Select(i => ($"c{i:000}", 3)).ToArray();

        var split = SplitAssignment.Create(SplitTestData.Labelled(classes), Stratified());

        Assert.InRange(split.Folds[0].Rows, 239, 241);
        Assert.InRange(split.Folds[1].Rows, 29, 31);
        Assert.InRange(split.Folds[2].Rows, 29, 31);
    }

    [Fact]
    public void Stratified_k_fold_gives_each_class_equal_counts_in_every_fold_within_one()
    {
        var split = SplitAssignment.Create(SplitTestData.Labelled(("a", 23), ("b", 11), ("c", 5)), Stratified(FoldLayout.KFold(5)));

        foreach (var label in new[] { "a", "b", "c" })
        {
            var counts = split.Folds.Select(f => f.ClassCounts[label]).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{label}: {string.Join(",", counts)}");
        }

        Assert.Equal([8, 8, 8, 8, 7], split.Folds.Select(f => f.Rows).Order().Reverse());
    }

    [Fact]
    public void Stratified_split_is_independent_of_row_order()
    {
        var table = SplitTestData.Labelled(("a", 40), ("b", 17), ("c", 6));
        var shuffled = table.SelectRows([.. Enumerable.Range(0, table.RowCount).Select(i => (i * 37) % table.RowCount)]);

        var first = SplitAssignment.Create(table, Stratified());
        var second = SplitAssignment.Create(shuffled, Stratified());

        Assert.Equal(SplitTestData.FoldByKey(first), SplitTestData.FoldByKey(second));
    }

    [Fact]
    public void Adding_examples_to_a_class_moves_only_examples_at_the_cuts()
    {
        var before = SplitTestData.FoldByKey(SplitAssignment.Create(SplitTestData.Labelled(("a", 100)), Stratified()));
        var after = SplitTestData.FoldByKey(SplitAssignment.Create(SplitTestData.Labelled(("a", 110)), Stratified()));

        var moved = before.Count(pair => after[pair.Key] != pair.Value);

        Assert.InRange(moved, 0, 10);
    }

    [Fact]
    public void Folds_list_every_class_even_with_no_example_of_it()
    {
        var split = SplitAssignment.Create(SplitTestData.Labelled(("a", 8), ("rare", 1)), Stratified());

        Assert.All(split.Folds, fold => Assert.Equal(["a", "rare"], fold.ClassCounts.Keys));
    }

    private static SortedDictionary<string, int> Counts(params (string Label, int Count)[] counts) =>
        new(counts.ToDictionary(c => c.Label, c => c.Count), StringComparer.Ordinal);
}
