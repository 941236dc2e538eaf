using Repro.Randomness;

namespace Repro.Tests.Randomness;

public sealed class Philox4x32Tests
{
    // Known-answer vectors published with Random123 by D. E. Shaw Research: file tests/kat_vectors of
    // https://github.com/DEShawResearch/random123 (commit 9545ff6413f258be2f04c1d319d99aaef7521150),
    // lines 27-29, the "philox4x32 10" entries. Columns: counter words 0-3, key words 0-1, expected
    // output words 0-3 (hex). The third input is the first hex digits of pi.
    public static TheoryData<uint[], uint[], uint[]> KnownAnswers => new()
    {
        {
            [0x00000000, 0x00000000, 0x00000000, 0x00000000], [0x00000000, 0x00000000],
            [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
        },
        {
            [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff],
            [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]
        },
        {
            [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0],
            [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]
        },
    };

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void Block_function_matches_the_Random123_known_answers(uint[] counter, uint[] key, uint[] expected)
    {
        var packedCounter = new UInt128(((ulong)counter[3] << 32) | counter[2], ((ulong)counter[1] << 32) | counter[0]);
        var packedKey = ((ulong)key[1] << 32) | key[0];

        var output = Philox4x32.Generate(packedCounter, packedKey);

        uint[] words = [(uint)output, (uint)(output >> 32), (uint)(output >> 64), (uint)(output >> 96)];
        Assert.Equal(expected, words);
    }

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void Word_form_matches_the_Random123_known_answers(uint[] counter, uint[] key, uint[] expected)
    {
        Philox4x32.Generate(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out var o0, out var o1, out var o2, out var o3);

        uint[] words = [o0, o1, o2, o3];
        Assert.Equal(expected, words);
    }

    [Fact]
    public void Neighbouring_counters_give_unrelated_blocks()
    {
        var first = Philox4x32.Generate(0, 42);
        var second = Philox4x32.Generate(1, 42);

        // Roughly half of the 128 bits flip between consecutive counters (avalanche); a weak mix would flip few.
        var flipped = (int)UInt128.PopCount(first ^ second);
        Assert.InRange(flipped, 32, 96);
    }
}
