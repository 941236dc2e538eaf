namespace Repro.Randomness;

/// <summary>
/// The Philox4x32-10 counter-based block function of Salmon, Moraes, Dror and Shaw, "Parallel random
/// numbers: as easy as 1, 2, 3" (SC'11), as specified by D. E. Shaw Research's Random123 library: a
/// keyed bijection from a 128-bit counter to 128 random bits, 10 rounds.
/// </summary>
/// <remarks>
/// Pure integer arithmetic, so every runtime, CPU and thread count gives the same bits. Words are
/// numbered as in Random123: word <c>i</c> of a counter, key or output is bits <c>32*i .. 32*i+31</c> of the
/// <see cref="UInt128"/> (or <see cref="ulong"/> key) that packs them. Verified against Random123's
/// published known-answer vectors (<c>tests/kat_vectors</c>).
/// </remarks>
public static class Philox4x32
{
    /// <summary>The number of rounds: 10, the variant Random123 recommends and this library uses.</summary>
    public const int Rounds = 10;

    private const uint Multiplier0 = 0xD2511F53;
    private const uint Multiplier1 = 0xCD9E8D57;
    private const uint KeyBump0 = 0x9E3779B9; // golden ratio
    private const uint KeyBump1 = 0xBB67AE85; // sqrt(3) - 1

    /// <summary>Encrypts one counter under one key: the 128 random bits for that counter.</summary>
    /// <param name="counter">The four 32-bit counter words, word 0 in the low bits.</param>
    /// <param name="key">The two 32-bit key words, word 0 in the low bits.</param>
    /// <returns>The four output words, word 0 in the low bits.</returns>
    public static UInt128 Generate(UInt128 counter, ulong key)
    {
        var low = (ulong)counter;
        var high = (ulong)(counter >> 64);
        Generate((uint)low, (uint)(low >> 32), (uint)high, (uint)(high >> 32), (uint)key, (uint)(key >> 32),
            out var o0, out var o1, out var o2, out var o3);
        return new UInt128(((ulong)o3 << 32) | o2, ((ulong)o1 << 32) | o0);
    }

    /// <summary>The block function on separate words; the form the streams use.</summary>
    internal static void Generate(
        uint c0, uint c1, uint c2, uint c3, uint k0, uint k1,
        out uint o0, out uint o1, out uint o2, out uint o3)
    {
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 += KeyBump0;
                k1 += KeyBump1;
            }

            var product0 = (ulong)Multiplier0 * c0;
            var product1 = (ulong)Multiplier1 * c2;
            var next0 = (uint)(product1 >> 32) ^ c1 ^ k0;
            var next1 = (uint)product1;
            var next2 = (uint)(product0 >> 32) ^ c3 ^ k1;
            var next3 = (uint)product0;
            (c0, c1, c2, c3) = (next0, next1, next2, next3);
        }

        (o0, o1, o2, o3) = (c0, c1, c2, c3);
    }
}
