using Repro.Randomness;
using Repro.TorchSharp.Data;
using TorchSharp;

namespace Repro.TorchSharp.Tests.Data;

public sealed class EpochDataLoaderTests
{
    private const int Examples = 10;

    // Example i has features (i, 10 i) and label i, so a batch shows which rows it holds.
    private static EpochDataLoader Loader(ulong seed = 42, DataLoaderOptions? options = null, string name = "train")
    {
        var features = Enumerable.Range(0, Examples).SelectMany(i => new[] { (float)i, 10f * i }).ToArray();
        var labels = Enumerable.Range(0, Examples).Select(i => (long)i).ToArray();
        return EpochDataLoader.FromArrays(name, seed, features, 2, labels, options ?? new DataLoaderOptions { BatchSize = 4 });
    }

    private static List<int[]> Epoch(EpochDataLoader loader, int epoch, int firstBatch = 0)
    {
        var batches = new List<int[]>();
        foreach (var batch in loader.Batches(epoch, firstBatch))
        {
            using (batch)
            {
                batches.Add(batch[1].data<long>().ToArray().Select(l => (int)l).ToArray());
            }
        }

        return batches;
    }

    [Fact]
    public void Every_epoch_has_its_own_order()
    {
        using var loader = Loader();

        var orders = Enumerable.Range(0, 5).Select(e => string.Join(",", loader.Order(e))).ToList();

        Assert.Equal(5, orders.Distinct().Count());
    }

    [Fact]
    public void Unlike_torchsharps_seeded_loader_which_repeats_its_first_order_every_epoch()
    {
        using var scope = torch.NewDisposeScope();
        using var rows = torch.arange(Examples, dtype: torch.int64);
        using var dataset = torch.utils.data.TensorDataset(rows);
        using var torchSharps = torch.utils.data.DataLoader(dataset, Examples, shuffle: true, seed: 42);
        using var ours = Loader(seed: 42);

        var theirs = Enumerable.Range(0, 3).Select(_ => string.Join(",", torchSharps.Select(b => string.Join(",", b[0].data<long>().ToArray())))).ToList();
        var mine = Enumerable.Range(0, 3).Select(e => string.Join(",", ours.Order(e))).ToList();

        // TorchSharp 0.107.0: one permutation, every epoch. When this changes, update EpochDataLoader's remarks.
        Assert.Single(theirs.Distinct());
        Assert.Equal(3, mine.Distinct().Count());
    }

    [Fact]
    public void The_same_seed_and_epoch_give_the_same_order_in_another_loader()
    {
        using var first = Loader(seed: 42);
        using var second = Loader(seed: 42);
        using var otherSeed = Loader(seed: 43);

        Assert.Equal(first.Order(3), second.Order(3));
        Assert.Equal(Epoch(first, 3), Epoch(second, 3));
        Assert.NotEqual(first.Order(3), otherSeed.Order(3));
    }

    [Fact]
    public void The_order_of_epoch_e_is_the_shuffle_of_the_stream_loader_name_epoch_e()
    {
        using var loader = Loader(seed: 42, name: "valid");
        var expected = Enumerable.Range(0, Examples).ToArray();
        new RandomStream(42, "loader/valid/epoch/3").Shuffle(expected.AsSpan());

        Assert.Equal("loader/valid/epoch/3", loader.StreamPath(3));
        Assert.Equal(expected, loader.Order(3));
    }

    [Fact]
    public void An_epoch_visits_every_example_once_in_its_order_in_batches_of_the_given_size()
    {
        using var loader = Loader();

        var batches = Epoch(loader, 2);

        Assert.Equal([4, 4, 2], batches.Select(b => b.Length));
        Assert.Equal(loader.Order(2), batches.SelectMany(b => b));
        Assert.Equal(3, loader.BatchesPerEpoch);
    }

    [Fact]
    public void A_batch_holds_the_features_of_its_rows()
    {
        using var loader = Loader();

        using var batch = loader.Batches(1).First();

        Assert.Equal([4L, 2L], batch[0].shape);
        var features = batch[0].data<float>().ToArray();
        for (var i = 0; i < batch.Size; i++)
        {
            Assert.Equal(batch.Rows[i], (int)features[2 * i]);
            Assert.Equal(10f * batch.Rows[i], features[(2 * i) + 1]);
        }
    }

    [Fact]
    public void Drop_last_leaves_out_the_short_batch()
    {
        using var loader = Loader(options: new DataLoaderOptions { BatchSize = 4, DropLast = true });

        var batches = Epoch(loader, 0);

        Assert.Equal([4, 4], batches.Select(b => b.Length));
        Assert.Equal(2, loader.BatchesPerEpoch);
    }

    [Fact]
    public void Starting_at_a_batch_gives_the_rest_of_the_epoch_exactly()
    {
        using var loader = Loader();

        Assert.Equal(Epoch(loader, 4).Skip(1), Epoch(loader, 4, firstBatch: 1));
    }

    [Fact]
    public void Without_shuffling_every_epoch_keeps_the_stored_order()
    {
        using var loader = Loader(options: new DataLoaderOptions { BatchSize = 4, Shuffle = false });

        Assert.Equal(Enumerable.Range(0, Examples), loader.Order(0));
        Assert.Equal(loader.Order(0), loader.Order(7));
    }

    [Fact]
    public void Columns_of_different_lengths_are_rejected_naming_the_lengths()
    {
        using var x = torch.zeros(10, 2);
        using var y = torch.zeros(9);

        var error = Assert.Throws<ArgumentException>(() => new EpochDataLoader("train", 1, [x, y]));

        Assert.Contains("10, 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_that_do_not_fill_the_examples_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => EpochDataLoader.FromArrays("train", 1, new float[5], 2, new long[3]));

        Assert.Contains("3 examples × 2 features = 6 values, found 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_passed_in_stay_usable_after_the_loader_is_disposed()
    {
        using var x = torch.arange(6, dtype: torch.float32).reshape(3, 2);

        using (var loader = new EpochDataLoader("train", 1, [x], new DataLoaderOptions { BatchSize = 2 }))
        {
            foreach (var batch in loader.Batches(0))
            {
                batch.Dispose();
            }
        }

        using var sum = x.sum();
        Assert.Equal(15f, sum.item<float>());
    }

    [Fact]
    public void A_loader_made_inside_a_dispose_scope_outlives_it()
    {
        EpochDataLoader loader;
        using (torch.NewDisposeScope())
        {
            loader = Loader();
        }

        using (loader)
        {
            Assert.Equal(Examples, Epoch(loader, 0).Sum(b => b.Length));
        }
    }
}
