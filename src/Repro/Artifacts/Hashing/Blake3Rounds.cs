using System.Runtime.CompilerServices;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// The seven rounds of the BLAKE3 compression function on a 16-word state, written once for every lane width.
/// Between rounds the spec permutes the message words by (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8);
/// here each round reads the words in its already-permuted order (<see cref="Schedule"/>), so nothing moves.
/// </summary>
/// <typeparam name="TLanes">The lane arithmetic.</typeparam>
/// <typeparam name="TWord">A word, or a vector of words from independent inputs.</typeparam>
internal static unsafe class Blake3Rounds<TLanes, TWord>
    where TLanes : struct, IBlake3Lanes<TWord>
    where TWord : unmanaged
{
    /// <summary>Round <c>r</c> reads message word <c>Schedule[16 r + i]</c> where round 0 reads word <c>i</c>.</summary>
    private static ReadOnlySpan<byte> Schedule =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8,
        3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1,
        10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6,
        12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4,
        9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7,
        11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13,
    ];

    /// <summary>
    /// Compresses: mixes the state (chaining value, four IV words, counter low and high, block length, flags) at
    /// <paramref name="state"/> with the sixteen message words at <paramref name="m"/> for seven rounds, then
    /// writes the new chaining value (word <c>i</c> XOR word <c>i + 8</c>) to <c>state[0..7]</c>. The state lives
    /// in locals meanwhile, so the JIT keeps it in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(TWord* state, TWord* m)
    {
        TWord v0 = state[0], v1 = state[1], v2 = state[2], v3 = state[3];
        TWord v4 = state[4], v5 = state[5], v6 = state[6], v7 = state[7];
        TWord v8 = state[8], v9 = state[9], v10 = state[10], v11 = state[11];
        TWord v12 = state[12], v13 = state[13], v14 = state[14], v15 = state[15];
        fixed (byte* schedule = Schedule)
        {
            for (var s = schedule; s < schedule + (7 * 16); s += 16)
            {
                // Columns, then diagonals.
                G(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
                G(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
                G(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
                G(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
                G(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
                G(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
                G(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
                G(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
            }
        }

        state[0] = TLanes.Xor(v0, v8);
        state[1] = TLanes.Xor(v1, v9);
        state[2] = TLanes.Xor(v2, v10);
        state[3] = TLanes.Xor(v3, v11);
        state[4] = TLanes.Xor(v4, v12);
        state[5] = TLanes.Xor(v5, v13);
        state[6] = TLanes.Xor(v6, v14);
        state[7] = TLanes.Xor(v7, v15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref TWord a, ref TWord b, ref TWord c, ref TWord d, TWord x, TWord y)
    {
        a = TLanes.Add(TLanes.Add(a, b), x);
        d = TLanes.RotateRight16(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.RotateRight12(TLanes.Xor(b, c));
        a = TLanes.Add(TLanes.Add(a, b), y);
        d = TLanes.RotateRight8(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.RotateRight7(TLanes.Xor(b, c));
    }
}
