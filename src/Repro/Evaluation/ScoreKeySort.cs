using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>
/// Sorts scores as 64-bit keys whose unsigned order is the numeric order of the doubles, by a
/// least-significant-digit radix sort (11-bit digits, six passes at most; a pass whose digit is the
/// same for every key is skipped), parallel over contiguous blocks.
/// </summary>
/// <remarks>
/// The keys carry no satellite data, so the sorted sequence is unique: the result is the same
/// whatever the number of blocks or threads, which is why the block count may follow the thread count.
/// -0.0 and +0.0 map to one key, as they compare equal (scikit-learn treats them as one threshold).
/// </remarks>
internal static class ScoreKeySort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const int MinBlockLength = 1 << 17;
    private const ulong SignBit = 1UL << 63;

    /// <summary>The order-preserving key of a finite score.</summary>
    public static ulong ToKey(double score)
    {
        var bits = BitConverter.DoubleToUInt64Bits(score + 0.0);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    /// <summary>Sorts <paramref name="keys"/> ascending, using <paramref name="scratch"/> (same length) as the buffer.</summary>
    public static void Sort(Memory<ulong> keys, Memory<ulong> scratch, int maxDegreeOfParallelism)
    {
        var length = keys.Length;
        if (length < 2)
        {
            return;
        }

        var blocks = Math.Clamp(length / MinBlockLength, 1, Math.Max(1, maxDegreeOfParallelism));
        var counts = new int[blocks][];
        for (var b = 0; b < blocks; b++)
        {
            counts[b] = new int[Passes * Buckets];
        }

        // One pass counts every digit of every block: it finds the passes that can be skipped and
        // gives the first pass its per-block counts.
        ForEachBlock(blocks, maxDegreeOfParallelism, b =>
        {
            var (start, end) = Block(b, blocks, length);
            CountAllDigits(keys.Span[start..end], counts[b]);
        });

        var source = keys;
        var target = scratch;
        var firstPass = true;
        for (var pass = 0; pass < Passes; pass++)
        {
            if (AllKeysShareDigit(counts, pass, length))
            {
                continue;
            }

            var shift = pass * DigitBits;
            if (!firstPass && blocks > 1)
            {
                var current = source;
                ForEachBlock(blocks, maxDegreeOfParallelism, b =>
                {
                    var (start, end) = Block(b, blocks, length);
                    CountDigit(current.Span[start..end], shift, counts[b].AsSpan(pass * Buckets, Buckets));
                });
            }

            var offsets = Offsets(counts, pass, blocks);
            var from = source;
            var to = target;
            ForEachBlock(blocks, maxDegreeOfParallelism, b =>
            {
                var (start, end) = Block(b, blocks, length);
                Scatter(from.Span[start..end], to.Span, shift, offsets[b]);
            });

            (source, target) = (target, source);
            firstPass = false;
        }

        if (!source.Equals(keys))
        {
            source.CopyTo(keys);
        }
    }

    private static (int Start, int End) Block(int block, int blocks, int length) =>
        ((int)((long)length * block / blocks), (int)((long)length * (block + 1) / blocks));

    private static void ForEachBlock(int blocks, int maxDegreeOfParallelism, Action<int> body)
    {
        if (blocks == 1)
        {
            body(0);
            return;
        }

        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountAllDigits(ReadOnlySpan<ulong> keys, Span<int> counts)
    {
        foreach (var key in keys)
        {
            for (var pass = 0; pass < Passes; pass++)
            {
                counts[(pass * Buckets) + (int)((key >> (pass * DigitBits)) & (Buckets - 1))]++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountDigit(ReadOnlySpan<ulong> keys, int shift, Span<int> counts)
    {
        counts.Clear();
        foreach (var key in keys)
        {
            counts[(int)((key >> shift) & (Buckets - 1))]++;
        }
    }

    private static bool AllKeysShareDigit(int[][] counts, int pass, int length)
    {
        for (var digit = 0; digit < Buckets; digit++)
        {
            long total = 0;
            foreach (var block in counts)
            {
                total += block[(pass * Buckets) + digit];
            }

            if (total != 0)
            {
                return total == length;
            }
        }

        return false;
    }

    // Where each block writes its first key of each digit: digits in order, blocks in order within a
    // digit, which keeps the sort stable (and, keys being plain values, the output unique).
    private static int[][] Offsets(int[][] counts, int pass, int blocks)
    {
        var offsets = new int[blocks][];
        for (var b = 0; b < blocks; b++)
        {
            offsets[b] = new int[Buckets];
        }

        var next = 0;
        for (var digit = 0; digit < Buckets; digit++)
        {
            for (var b = 0; b < blocks; b++)
            {
                offsets[b][digit] = next;
                next += counts[b][(pass * Buckets) + digit];
            }
        }

        return offsets;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(ReadOnlySpan<ulong> keys, Span<ulong> target, int shift, int[] offsets)
    {
        foreach (var key in keys)
        {
            var digit = (int)((key >> shift) & (Buckets - 1));
            target[offsets[digit]++] = key;
        }
    }
}
