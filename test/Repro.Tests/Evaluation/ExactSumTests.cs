using System.Text.Json;
using Repro.Evaluation;
using Repro.Randomness;

namespace Repro.Tests.Evaluation;

public sealed class ExactSumTests
{
    public static TheoryData<int> GoldenSums()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < LoadGoldenSums().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenSums))]
    public void Sum_is_the_correctly_rounded_sum_that_Python_math_fsum_gives(int index)
    {
        var (values, expected) = LoadGoldenSums()[index];

        var sum = ExactSum.Of(values);

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(sum));
    }

    [Fact]
    public void Sum_of_two_values_is_the_IEEE_sum_including_subnormals_and_overflow()
    {
        // IEEE addition of two doubles is itself correctly rounded, so it is an exact reference.
        var random = new RandomStream(7, "tests/exact-sum/pairs");
        for (var i = 0; i < 20_000; i++)
        {
            var a = RandomDouble(random);
            var b = i % 3 == 0 ? -a * (1 + (random.NextDouble() * 1e-10)) : RandomDouble(random);

            var sum = ExactSum.Of([a, b]);

            Assert.True(BitConverter.DoubleToInt64Bits(a + b) == BitConverter.DoubleToInt64Bits(sum), $"{a:R} + {b:R}: IEEE {a + b:R}, exact {sum:R}");
        }
    }

    [Theory]
    [InlineData(new[] { 1e100, 1.0, -1e100 }, 1.0)]
    [InlineData(new[] { 1e308, 1e308, -1e308 }, 1e308)]
    [InlineData(new[] { 1.0, 1.1102230246251565e-16 }, 1.0)] // 1 + 2^-53: a tie, to even (down)
    [InlineData(new[] { 1.0, 1.1102230246251565e-16, 1e-300 }, 1.0000000000000002)] // just above the tie
    [InlineData(new[] { 1.0000000000000002, 1.1102230246251565e-16 }, 1.0000000000000004)] // a tie, to even (up)
    [InlineData(new[] { 4.9406564584124654e-324, 4.9406564584124654e-324, -1.4821969375237396e-323 }, -4.9406564584124654e-324)]
    [InlineData(new[] { 0.1, 0.2, -0.3 }, 2.7755575615628914e-17)]
    [InlineData(new[] { -0.0, -0.0 }, 0.0)]
    [InlineData(new double[0], 0.0)]
    public void Sum_is_exact_before_its_single_rounding(double[] values, double expected)
    {
        var sum = ExactSum.Of(values);

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(sum));
    }

    [Theory]
    [InlineData(new[] { 1.0, double.PositiveInfinity }, double.PositiveInfinity)]
    [InlineData(new[] { double.NegativeInfinity, 1e308 }, double.NegativeInfinity)]
    [InlineData(new[] { double.PositiveInfinity, double.NegativeInfinity }, double.NaN)]
    [InlineData(new[] { 1.0, double.NaN }, double.NaN)]
    [InlineData(new[] { double.MaxValue, double.MaxValue }, double.PositiveInfinity)]
    public void Infinities_and_NaN_follow_IEEE_rules(double[] values, double expected)
    {
        var sum = ExactSum.Of(values);

        Assert.Equal(expected, sum);
    }

    [Fact]
    public void Order_chunking_and_carry_interval_do_not_change_the_sum()
    {
        var random = new RandomStream(11, "tests/exact-sum/order");
        var values = Enumerable.Range(0, 50_000).Select(_ => RandomDouble(random)).ToArray();
        var reference = ExactSum.Of(values);

        var shuffled = values.ToArray();
        random.Shuffle(shuffled.AsSpan());
        var combined = new ExactSum();
        foreach (var chunk in shuffled.Chunk(777))
        {
            var partial = new ExactSum(normalizeEvery: 3);
            foreach (var value in chunk)
            {
                partial.Add(value);
            }

            combined.Add(partial);
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(reference), BitConverter.DoubleToInt64Bits(ExactSum.Of(shuffled)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(reference), BitConverter.DoubleToInt64Bits(combined.ToDouble()));
    }

    [Fact]
    public void Many_additions_keep_exact_carries()
    {
        // 2,000,001 additions with carries propagated every 1,000: huge and tiny terms must both survive.
        var sum = new ExactSum(normalizeEvery: 1000);
        var huge = Math.ScaleB(1.0, 1000);
        var tiny = Math.ScaleB(1.0, -1000);
        for (var i = 0; i < 1_000_000; i++)
        {
            sum.Add(huge);
            sum.Add(tiny);
        }

        sum.Add(-1_000_000 * huge);

        Assert.Equal(1_000_000 * tiny, sum.ToDouble());
    }

    [Fact]
    public void Adding_a_value_n_times_in_one_step_equals_n_additions()
    {
        var random = new RandomStream(13, "tests/exact-sum/times");
        var edges = new[] { double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, double.MaxValue, -double.MaxValue, 1.0, -0.0, 0.1 };
        var values = edges.Concat(Enumerable.Range(0, 400).Select(_ => RandomDouble(random))).ToArray();
        var oneStep = new ExactSum(normalizeEvery: 7);
        var repeated = new ExactSum(normalizeEvery: 7);
        foreach (var value in values)
        {
            var times = random.NextInt(4) == 0 ? 0 : random.NextInt(1, 3000);

            oneStep.Add(value, times);
            for (var i = 0; i < times; i++)
            {
                repeated.Add(value);
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(repeated.ToDouble()), BitConverter.DoubleToInt64Bits(oneStep.ToDouble()));
        }
    }

    [Fact]
    public void Adding_a_value_the_largest_number_of_times_is_exact()
    {
        // (2^53 - 1) * 2^-30, added 2^31 - 1 times, minus the same product split into exact powers of two.
        var value = Math.ScaleB(9007199254740991.0, -30);
        var sum = new ExactSum();
        sum.Add(value, int.MaxValue);
        for (var bit = 0; bit < 31; bit++)
        {
            sum.Add(-Math.ScaleB(value, bit));
        }

        sum.Add(value / 3, 3);

        Assert.Equal(BitConverter.DoubleToInt64Bits(ExactSum.Of([value / 3, value / 3, value / 3])), BitConverter.DoubleToInt64Bits(sum.ToDouble()));
    }

    [Fact]
    public void Adding_infinity_or_NaN_n_times_follows_IEEE_rules_and_zero_times_adds_nothing()
    {
        var sum = new ExactSum();
        sum.Add(double.NaN, 0);
        sum.Add(2.5, 4);
        Assert.Equal(10.0, sum.ToDouble());

        sum.Add(double.PositiveInfinity, 2);
        Assert.Equal(double.PositiveInfinity, sum.ToDouble());

        Assert.Throws<ArgumentOutOfRangeException>(() => sum.Add(1.0, -1));
    }

    private static double RandomDouble(RandomStream random)
    {
        // Any finite double: random bits, redrawn when they spell an infinity or NaN.
        while (true)
        {
            var value = BitConverter.UInt64BitsToDouble(random.NextUInt64());
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }

    private static IReadOnlyList<(double[] Values, double Expected)> LoadGoldenSums()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenFixtures.Folder, "exact_sums.json")));
        return [.. document.RootElement.GetProperty("sums").EnumerateArray().Select(s => (
            s.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            s.GetProperty("fsum").GetDouble()))];
    }
}
