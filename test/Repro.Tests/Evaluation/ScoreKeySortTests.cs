using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation;

public sealed class ScoreKeySortTests
{
    [Fact]
    public void Key_order_is_the_numeric_order_of_the_scores()
    {
        double[] scores = [double.NegativeInfinity, -1e300, -1.0, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1e-300, 0.5, 1.0, double.MaxValue, double.PositiveInfinity];

        var keys = scores.Select(ScoreKeySort.ToKey).ToArray();

        for (var i = 1; i < scores.Length; i++)
        {
            Assert.Equal(scores[i - 1] == scores[i] ? 0 : -1, Math.Sign(keys[i - 1].CompareTo(keys[i])));
        }
    }

    [Fact]
    public void Negative_and_positive_zero_are_one_key()
    {
        Assert.Equal(ScoreKeySort.ToKey(0.0), ScoreKeySort.ToKey(-0.0));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(300_000, 1)]
    [InlineData(300_000, 2)]
    [InlineData(300_001, 3)]
    [InlineData(700_000, 8)]
    public void Sort_orders_keys_as_Array_Sort_does_at_any_thread_count(int length, int threads)
    {
        var random = new RandomStream(3, $"tests/radix/{length}");
        var keys = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            // A mix of full-range keys and scores with heavy ties.
            keys[i] = i % 2 == 0 ? random.NextUInt64() : ScoreKeySort.ToKey(Math.Round(random.NextDouble(), 3));
        }

        var expected = keys.ToArray();
        Array.Sort(expected);

        ScoreKeySort.Sort(keys, new ulong[length], threads);

        Assert.Equal(expected, keys);
    }

    [Fact]
    public void Sort_handles_keys_that_share_every_digit_but_one()
    {
        var random = new RandomStream(5, "tests/radix/one-digit");
        var keys = Enumerable.Range(0, 200_000).Select(_ => 0x3FE0_0000_0000_0000UL | (uint)random.NextInt(4)).ToArray();
        var expected = keys.ToArray();
        Array.Sort(expected);

        ScoreKeySort.Sort(keys, new ulong[keys.Length], 2);

        Assert.Equal(expected, keys);
    }
}
