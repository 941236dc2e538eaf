using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>
/// The exact sum of any number of doubles, rounded once (to nearest, ties to even) when read: a
/// fixed-point accumulator wide enough for every finite double, so the result does not depend on the
/// order of the additions, on how they are split into chunks, or on how partial sums are combined.
/// This is what makes every metric bit-identical whatever the thread count.
/// </summary>
/// <remarks>
/// A finite double is m * 2^e with m &lt; 2^53 and -1074 &lt;= e &lt;= 971. The accumulator keeps
/// 32-bit digits of weight 2^(32 i - 1088) in signed 64-bit limbs, so an addition touches three limbs
/// and carries are propagated only every 2^29 additions. Infinities and NaN follow IEEE rules
/// (+inf + -inf = NaN). Costs a few nanoseconds per addition.
/// </remarks>
internal sealed class ExactSum
{
    private const int LimbCount = 70;
    private const int LowestExponent = -1088;
    private const int MaxPendingAdditions = 1 << 29;
    private const ulong LowMask = 0xFFFF_FFFF;

    private readonly long[] _limbs = new long[LimbCount];
    private readonly int _normalizeEvery;
    private int _pending;
    private bool _hasNaN;
    private bool _hasPositiveInfinity;
    private bool _hasNegativeInfinity;

    public ExactSum()
        : this(MaxPendingAdditions)
    {
    }

    /// <summary>An accumulator that propagates carries every <paramref name="normalizeEvery"/> additions (tests use a small interval).</summary>
    internal ExactSum(int normalizeEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(normalizeEvery, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(normalizeEvery, MaxPendingAdditions);
        _normalizeEvery = normalizeEvery;
    }

    /// <summary>The exact sum of the values, rounded once.</summary>
    public static double Of(ReadOnlySpan<double> values)
    {
        var sum = new ExactSum();
        foreach (var value in values)
        {
            sum.Add(value);
        }

        return sum.ToDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var biasedExponent = (int)(bits >> 52) & 0x7FF;
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFUL;
        if (biasedExponent == 0x7FF)
        {
            AddSpecial(value);
            return;
        }

        int exponent;
        if (biasedExponent == 0)
        {
            if (mantissa == 0)
            {
                return;
            }

            exponent = -1074;
        }
        else
        {
            mantissa |= 1UL << 52;
            exponent = biasedExponent - 1075;
        }

        var offset = exponent - LowestExponent;
        var limb = offset >> 5;
        var shift = offset & 31;
        var low = mantissa << shift;
        var high = (mantissa >> 1) >> (63 - shift);
        var limbs = _limbs;
        if ((long)bits < 0)
        {
            limbs[limb] -= (long)(low & LowMask);
            limbs[limb + 1] -= (long)(low >> 32);
            limbs[limb + 2] -= (long)high;
        }
        else
        {
            limbs[limb] += (long)(low & LowMask);
            limbs[limb + 1] += (long)(low >> 32);
            limbs[limb + 2] += (long)high;
        }

        if (++_pending == _normalizeEvery)
        {
            Normalize(_limbs);
            _pending = 0;
        }
    }

    /// <summary>
    /// Adds <paramref name="value"/> <paramref name="times"/> times, in one step: the product of the
    /// significand and the count is exact (at most 84 bits), so the sum is the same as that many additions.
    /// </summary>
    public void Add(double value, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        if (!TryAccumulate(_limbs, value, (uint)times))
        {
            if (times != 0)
            {
                AddSpecial(value);
            }

            return;
        }

        if (++_pending == _normalizeEvery)
        {
            Normalize(_limbs);
            _pending = 0;
        }
    }

    /// <summary>
    /// Adds each <c>values[i]</c> <c>times[i]</c> times: the exact sum of the products, as
    /// <see cref="Add(double, int)"/> for each pair but without a call per pair.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddProducts(ReadOnlySpan<double> values, ReadOnlySpan<int> times)
    {
        if (values.Length != times.Length)
        {
            throw new ArgumentException($"Expected as many counts ({times.Length}) as values ({values.Length}).", nameof(times));
        }

        var limbs = _limbs;
        var start = 0;
        while (start < values.Length)
        {
            var end = start + Math.Min(values.Length - start, _normalizeEvery - _pending);
            for (var i = start; i < end; i++)
            {
                var count = times[i];
                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(times));
                if (!TryAccumulate(limbs, values[i], (uint)count) && count != 0)
                {
                    AddSpecial(values[i]);
                }
            }

            _pending += end - start;
            if (_pending == _normalizeEvery)
            {
                Normalize(limbs);
                _pending = 0;
            }

            start = end;
        }
    }

    /// <summary>Adds another accumulator's exact sum (a chunk's partial), leaving it unchanged.</summary>
    public void Add(ExactSum other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < LimbCount; i++)
        {
            _limbs[i] += other._limbs[i];
        }

        Normalize(_limbs);
        _pending = 0;
        _hasNaN |= other._hasNaN;
        _hasPositiveInfinity |= other._hasPositiveInfinity;
        _hasNegativeInfinity |= other._hasNegativeInfinity;
    }

    /// <summary>The exact sum rounded to the nearest double, ties to even; +0.0 when it is zero.</summary>
    public double ToDouble()
    {
        if (_hasNaN || (_hasPositiveInfinity && _hasNegativeInfinity))
        {
            return double.NaN;
        }

        if (_hasPositiveInfinity)
        {
            return double.PositiveInfinity;
        }

        if (_hasNegativeInfinity)
        {
            return double.NegativeInfinity;
        }

        Span<long> limbs = stackalloc long[LimbCount];
        _limbs.CopyTo(limbs);
        Normalize(limbs);
        var negative = limbs[LimbCount - 1] < 0;
        if (negative)
        {
            for (var i = 0; i < LimbCount; i++)
            {
                limbs[i] = -limbs[i];
            }

            Normalize(limbs);
        }

        var top = LimbCount - 1;
        while (top >= 0 && limbs[top] == 0)
        {
            top--;
        }

        if (top < 0)
        {
            return 0.0;
        }

        var magnitude = RoundToDouble(limbs, top);
        return negative ? -magnitude : magnitude;
    }

    // Rounds the non-negative normalized integer sum(limbs[i] * 2^(32 i + LowestExponent)), whose highest
    // non-zero limb is 'top', to the nearest double: the top 96 bits decide, lower limbs are a sticky bit.
    private static double RoundToDouble(ReadOnlySpan<long> limbs, int top)
    {
        UInt128 head = 0;
        for (var i = top; i >= top - 2; i--)
        {
            head = (head << 32) | (ulong)(i >= 0 ? limbs[i] : 0);
        }

        var sticky = false;
        for (var i = top - 3; i >= 0 && !sticky; i--)
        {
            sticky = limbs[i] != 0;
        }

        var headExponent = (32 * (top - 2)) + LowestExponent;
        var bitLength = 128 - (int)UInt128.LeadingZeroCount(head);
        var drop = Math.Max(bitLength - 53, -1074 - headExponent);
        if (drop <= 0)
        {
            return Math.ScaleB((ulong)head, headExponent);
        }

        var kept = head >> drop;
        var remainder = head & ((UInt128.One << drop) - 1);
        var half = UInt128.One << (drop - 1);
        if (remainder > half || (remainder == half && (sticky || (kept & 1) != 0)))
        {
            kept++;
        }

        return Math.ScaleB((ulong)kept, headExponent + drop);
    }

    // Adds value * times to the limbs, exactly; false (adding nothing) for an infinity or NaN. The
    // product of the 53-bit significand and a count below 2^32, shifted by under 32 bits, fits four digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAccumulate(long[] limbs, double value, uint times)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var biasedExponent = (int)(bits >> 52) & 0x7FF;
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFUL;
        if (biasedExponent == 0x7FF)
        {
            return false;
        }

        // A subnormal has no implicit bit and the exponent of the smallest normal.
        mantissa |= biasedExponent == 0 ? 0 : 1UL << 52;
        var offset = Math.Max(biasedExponent, 1) - 1075 - LowestExponent;
        var limb = offset >> 5;
        var product = ((UInt128)mantissa * times) << (offset & 31);
        var low = (ulong)product;
        var high = (ulong)(product >> 64);
        if ((long)bits < 0)
        {
            limbs[limb] -= (long)(low & LowMask);
            limbs[limb + 1] -= (long)(low >> 32);
            limbs[limb + 2] -= (long)(high & LowMask);
            limbs[limb + 3] -= (long)(high >> 32);
        }
        else
        {
            limbs[limb] += (long)(low & LowMask);
            limbs[limb + 1] += (long)(low >> 32);
            limbs[limb + 2] += (long)(high & LowMask);
            limbs[limb + 3] += (long)(high >> 32);
        }

        return true;
    }

    private static void Normalize(Span<long> limbs)
    {
        long carry = 0;
        for (var i = 0; i < LimbCount - 1; i++)
        {
            var value = limbs[i] + carry;
            carry = value >> 32;
            limbs[i] = value & (long)LowMask;
        }

        limbs[LimbCount - 1] += carry;
    }

    private void AddSpecial(double value)
    {
        if (double.IsNaN(value))
        {
            _hasNaN = true;
        }
        else if (value > 0)
        {
            _hasPositiveInfinity = true;
        }
        else
        {
            _hasNegativeInfinity = true;
        }
    }
}
