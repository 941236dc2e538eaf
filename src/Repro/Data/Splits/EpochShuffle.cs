using System.Globalization;
using Repro.Randomness;

namespace Repro.Data.Splits;

/// <summary>
/// The order in which to visit examples in an epoch: a permutation drawn from the stream
/// <c>epoch/{epoch}/shuffle</c> of the run's seed. Different for every epoch, identical on every replay
/// of the same (seed, epoch), on every machine.
/// </summary>
public static class EpochShuffle
{
    /// <summary>The random stream path of an epoch's shuffle: <c>epoch/{epoch}/shuffle</c>.</summary>
    public static string StreamPath(int epoch) => string.Create(CultureInfo.InvariantCulture, $"epoch/{epoch}/shuffle");

    /// <summary>A permutation of 0 .. <paramref name="count"/> - 1 for this seed and epoch (Fisher–Yates on <see cref="RandomStream"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="epoch"/> is negative.</exception>
    public static int[] Order(int count, ulong seed, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Permutation(count, seed, StreamPath(epoch));
    }

    /// <summary>
    /// A permutation of 0 .. <paramref name="count"/> - 1 drawn from the stream <paramref name="streamPath"/> of
    /// <paramref name="seed"/> (Fisher–Yates on <see cref="RandomStream"/>), for orders keyed by another path, such
    /// as one data loader's epochs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static int[] Permutation(int count, ulong seed, string streamPath)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(streamPath);
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new RandomStream(seed, streamPath).Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>The items in this seed's and epoch's order (a new array; the input is unchanged).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public static T[] Shuffle<T>(IReadOnlyList<T> items, ulong seed, int epoch)
    {
        ArgumentNullException.ThrowIfNull(items);
        var order = Order(items.Count, seed, epoch);
        var shuffled = new T[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            shuffled[i] = items[order[i]];
        }

        return shuffled;
    }
}
