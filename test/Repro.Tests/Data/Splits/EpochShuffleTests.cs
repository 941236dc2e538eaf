using Repro.Data.Splits;
using Repro.Randomness;

namespace Repro.Tests.Data.Splits;

public sealed class EpochShuffleTests
{
    [Fact]
    public void The_same_seed_and_epoch_give_the_same_order_on_every_replay()
    {
        Assert.Equal(EpochShuffle.Order(1000, 42, 3), EpochShuffle.Order(1000, 42, 3));
    }

    [Fact]
    public void Each_epoch_has_its_own_order()
    {
        var orders = Enumerable.Range(0, 10).Select(epoch => string.Join(',', EpochShuffle.Order(100, 42, epoch))).ToHashSet();

        Assert.Equal(10, orders.Count);
    }

    [Fact]
    public void An_order_is_a_permutation_drawn_from_the_epoch_stream_of_the_seed()
    {
        var expected = Enumerable.Range(0, 50).ToArray();
        new RandomStream(7, "epoch/2/shuffle").Shuffle(expected.AsSpan());

        var order = EpochShuffle.Order(50, 7, 2);

        Assert.Equal(expected, order);
        Assert.Equal(Enumerable.Range(0, 50), order.Order());
    }

    [Fact]
    public void Another_seed_gives_another_order()
    {
        Assert.NotEqual(EpochShuffle.Order(100, 1, 0), EpochShuffle.Order(100, 2, 0));
    }

    [Fact]
    public void A_fold_shuffles_its_own_rows()
    {
        var split = SplitAssignment.Create(SplitTestData.Keys(0, 300), new SplitOptions { KeyColumn = "id" });

        var epoch0 = split.Shuffle("train", 9, 0);
        var epoch1 = split.Shuffle("train", 9, 1);

        Assert.Equal(split.RowsOf("train"), epoch0.Order());
        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(epoch1, split.Shuffle("train", 9, 1));
    }
}
