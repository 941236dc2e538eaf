namespace Repro.Randomness;

/// <summary>
/// A reproducible stream of random numbers named by a root seed and a path, such as
/// <c>new RandomStream(run.Seed, "epoch/3/shuffle")</c>. The same seed and path give the same numbers in
/// every process, on every machine and runtime; different paths give independent streams, so adding a
/// random choice in one place never shifts the numbers drawn in another.
/// </summary>
/// <remarks>
/// <para>Built on <see cref="Philox4x32"/>: the Philox key is the 64-bit root seed; the upper 64 bits of the
/// 128-bit counter are the FNV-1a 64 hash of the path's UTF-8 bytes; the lower 64 bits count blocks from
/// zero. Streams of one seed therefore walk disjoint counter ranges of one keyed bijection, and never
/// overlap unless two paths hash alike. Each block yields four 32-bit words, consumed in order.</para>
/// <para>Integers, doubles, shuffles and samples use only integer arithmetic and are bit-identical
/// everywhere. <see cref="NextNormal()"/> also calls <see cref="Math.Log(double)"/>, <see cref="Math.Sqrt"/>,
/// <see cref="Math.Sin"/> and <see cref="Math.Cos"/>, which can differ in the last bits across runtimes and
/// CPUs (not between runs on one machine).</para>
/// <para>Not thread-safe: give each thread or task its own stream, derived with <see cref="Derive"/>.</para>
/// </remarks>
public sealed class RandomStream
{
    private const double TwoPi = 2 * Math.PI;
    private const double DoubleUnit = 1.0 / (1UL << 53);

    private readonly uint _key0;
    private readonly uint _key1;
    private readonly uint _path0;
    private readonly uint _path1;
    private ulong _block;
    private uint _word0;
    private uint _word1;
    private uint _word2;
    private uint _word3;
    private int _nextWord = 4;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Creates the stream for a root seed and a path.</summary>
    /// <param name="rootSeed">The run's root seed (<c>Run.Seed</c>).</param>
    /// <param name="path">
    /// What the numbers are for, such as <c>"split"</c> or <c>"epoch/3/shuffle"</c>; compared byte for byte
    /// (case-sensitive). The empty path is allowed.
    /// </param>
    public RandomStream(ulong rootSeed, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RootSeed = rootSeed;
        Path = path;
        _key0 = (uint)rootSeed;
        _key1 = (uint)(rootSeed >> 32);
        var hash = StablePathHash.Compute(path);
        _path0 = (uint)hash;
        _path1 = (uint)(hash >> 32);
    }

    /// <summary>The root seed the stream derives from.</summary>
    public ulong RootSeed { get; }

    /// <summary>The path that names the stream.</summary>
    public string Path { get; }

    /// <summary>
    /// The stream for a sub-path: <c>Derive("shuffle")</c> on the path <c>"epoch/3"</c> is the stream
    /// <c>"epoch/3/shuffle"</c> of the same seed. Independent of how far this stream has been read.
    /// </summary>
    public RandomStream Derive(string childPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(childPath);
        return new RandomStream(RootSeed, Path.Length == 0 ? childPath : $"{Path}/{childPath}");
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        if (_nextWord == 4)
        {
            Philox4x32.Generate((uint)_block, (uint)(_block >> 32), _path0, _path1, _key0, _key1,
                out _word0, out _word1, out _word2, out _word3);
            _block++;
            _nextWord = 0;
        }

        return _nextWord++ switch
        {
            0 => _word0,
            1 => _word1,
            2 => _word2,
            _ => _word3,
        };
    }

    /// <summary>The next 64 random bits: two 32-bit words, the first in the low half.</summary>
    public ulong NextUInt64()
    {
        ulong low = NextUInt32();
        return low | ((ulong)NextUInt32() << 32);
    }

    /// <summary>A uniform double in [0, 1), with 53 random bits (every multiple of 2^-53 equally likely).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * DoubleUnit;

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias (Lemire's method).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not positive.</exception>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (int)NextBelow((uint)exclusiveMax);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="exclusiveMax"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not above <paramref name="min"/>.</exception>
    public int NextInt(int min, int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(exclusiveMax, min);
        return unchecked((int)((uint)min + NextBelow(unchecked((uint)(exclusiveMax - min)))));
    }

    /// <summary>
    /// A uniform integer in [<paramref name="min"/>, <paramref name="exclusiveMax"/>), without modulo bias
    /// (Lemire's method on 64 bits); any range up to 2^64 - 1 values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not above <paramref name="min"/>.</exception>
    public long NextInt64(long min, long exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(exclusiveMax, min);
        var range = unchecked((ulong)(exclusiveMax - min));
        var high = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = unchecked(0UL - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return unchecked(min + (long)high);
    }

    /// <summary>
    /// A standard normal value (mean 0, standard deviation 1) by the Box–Muller transform; values come
    /// in pairs, the second kept for the next call. May differ in the last bits across runtimes (see remarks).
    /// </summary>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble())); // 1 - u is in (0, 1]: never log(0)
        var angle = TwoPi * NextDouble();
        _spareNormal = radius * Math.Sin(angle);
        _hasSpareNormal = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>A normal value with the given mean and standard deviation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public double NextNormal(double mean, double standardDeviation)
    {
        if (!(standardDeviation >= 0) || double.IsInfinity(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be finite and not negative.");
        }

        return mean + (standardDeviation * NextNormal());
    }

    /// <summary>Shuffles in place, every order equally likely (Fisher–Yates, from the last element down).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)NextBelow((uint)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// <paramref name="count"/> distinct indices from [0, <paramref name="populationSize"/>), in random order
    /// (a partial Fisher–Yates shuffle that needs memory only for the sample, not the population).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="count"/> exceeds <paramref name="populationSize"/>.</exception>
    public int[] SampleWithoutReplacement(int populationSize, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(populationSize);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, populationSize);
        var sample = new int[count];
        var moved = new Dictionary<int, int>(); // the swaps a full shuffle array would hold, sparsely
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)NextBelow((uint)(populationSize - i));
            var atJ = moved.TryGetValue(j, out var a) ? a : j;
            var atI = moved.TryGetValue(i, out var b) ? b : i;
            moved[j] = atI;
            sample[i] = atJ;
        }

        return sample;
    }

    /// <summary><paramref name="count"/> distinct items of <paramref name="population"/>, in random order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or exceeds the population.</exception>
    public T[] SampleWithoutReplacement<T>(ReadOnlySpan<T> population, int count)
    {
        var indices = SampleWithoutReplacement(population.Length, count);
        var sample = new T[count];
        for (var i = 0; i < count; i++)
        {
            sample[i] = population[indices[i]];
        }

        return sample;
    }

    /// <summary><paramref name="count"/> indices drawn uniformly from [0, <paramref name="populationSize"/>), repeats allowed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or the population is empty while <paramref name="count"/> is not.</exception>
    public int[] SampleWithReplacement(int populationSize, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(populationSize);
        }

        var sample = new int[count];
        for (var i = 0; i < count; i++)
        {
            sample[i] = (int)NextBelow((uint)populationSize);
        }

        return sample;
    }

    /// <summary><paramref name="count"/> items drawn uniformly from <paramref name="population"/>, repeats allowed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or the population is empty while <paramref name="count"/> is not.</exception>
    public T[] SampleWithReplacement<T>(ReadOnlySpan<T> population, int count)
    {
        var indices = SampleWithReplacement(population.Length, count);
        var sample = new T[count];
        for (var i = 0; i < count; i++)
        {
            sample[i] = population[indices[i]];
        }

        return sample;
    }

    /// <summary>Lemire's nearly divisionless method: uniform in [0, range) for range ≥ 1, no modulo bias.</summary>
    private uint NextBelow(uint range)
    {
        var product = (ulong)NextUInt32() * range;
        var low = (uint)product;
        if (low < range)
        {
            // 2^32 mod range: the low values that would over-represent some results are rejected.
            var threshold = unchecked(0u - range) % range;
            while (low < threshold)
            {
                product = (ulong)NextUInt32() * range;
                low = (uint)product;
            }
        }

        return (uint)(product >> 32);
    }
}
