using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// Compresses sixteen inputs at once, one input per 32-bit lane of 512-bit vectors (AVX-512F): sixteen chunks of
/// a file, or sixteen parent nodes. The message words of each block are loaded row by row and transposed so that
/// vector <c>w</c> holds word <c>w</c> of every input.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Avx512
{
    /// <summary>Inputs per call.</summary>
    public const int Lanes = 16;

    private const int PrefetchDistance = 256;

    /// <summary>
    /// Hashes 16 inputs of <paramref name="blocks"/> blocks each, input <c>i</c> at <c>input + i * stride</c>, and
    /// writes their 16 chaining values (32 bytes each) to <paramref name="output"/>. Input <c>i</c> uses counter
    /// <c>counter + i</c> when <paramref name="incrementCounter"/>, else <paramref name="counter"/>; every block
    /// gets <paramref name="flags"/>, the first also <paramref name="flagsStart"/>, the last <paramref name="flagsEnd"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashMany(
        byte* input, nint stride, int blocks, ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        var m = stackalloc Vector512<uint>[16];
        var state = stackalloc Vector512<uint>[16];
        var scratch = stackalloc Vector512<uint>[16];
        var counters = stackalloc uint[2 * Lanes];
        for (var i = 0; i < Lanes; i++)
        {
            var value = incrementCounter ? counter + (ulong)i : counter;
            counters[i] = (uint)value;
            counters[Lanes + i] = (uint)(value >> 32);
        }

        var counterLow = Vector512.Load(counters);
        var counterHigh = Vector512.Load(counters + Lanes);
        var blockLength = Vector512.Create((uint)BlockLength);
        state[0] = Vector512.Create(Iv0);
        state[1] = Vector512.Create(Iv1);
        state[2] = Vector512.Create(Iv2);
        state[3] = Vector512.Create(Iv3);
        state[4] = Vector512.Create(Iv4);
        state[5] = Vector512.Create(Iv5);
        state[6] = Vector512.Create(Iv6);
        state[7] = Vector512.Create(Iv7);
        for (var b = 0; b < blocks; b++)
        {
            LoadTransposed(input + (b * BlockLength), stride, m, scratch);
            var blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            state[8] = Vector512.Create(Iv0);
            state[9] = Vector512.Create(Iv1);
            state[10] = Vector512.Create(Iv2);
            state[11] = Vector512.Create(Iv3);
            state[12] = counterLow;
            state[13] = counterHigh;
            state[14] = blockLength;
            state[15] = Vector512.Create(blockFlags);
            Blake3Rounds<Avx512Lanes, Vector512<uint>>.Compress(state, m);
        }

        // Back from one word of every input per vector to one chaining value per input.
        var words = (uint*)state;
        var cvs = (uint*)output;
        for (var lane = 0; lane < Lanes; lane++)
        {
            for (var w = 0; w < 8; w++)
            {
                cvs[(lane * 8) + w] = words[(w * Lanes) + lane];
            }
        }
    }

    /// <summary>
    /// Loads one 64-byte block from each of 16 inputs and transposes the 16 x 16 words: 32-bit and 64-bit
    /// interleaves within 128-bit lanes give 4 x 4 transposes, then two rounds of 128-bit lane shuffles finish it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadTransposed(byte* block, nint stride, Vector512<uint>* m, Vector512<uint>* t)
    {
        for (var g = 0; g < 4; g++)
        {
            var rows = block + (4 * g * stride);
            // Sixteen inputs a chunk apart are sixteen streams: fetch each a few blocks ahead.
            Sse.Prefetch0(rows + PrefetchDistance);
            Sse.Prefetch0(rows + stride + PrefetchDistance);
            Sse.Prefetch0(rows + (2 * stride) + PrefetchDistance);
            Sse.Prefetch0(rows + (3 * stride) + PrefetchDistance);
            var r0 = Vector512.Load((uint*)rows);
            var r1 = Vector512.Load((uint*)(rows + stride));
            var r2 = Vector512.Load((uint*)(rows + (2 * stride)));
            var r3 = Vector512.Load((uint*)(rows + (3 * stride)));
            var ab0 = Avx512F.UnpackLow(r0, r1).AsUInt64();
            var ab1 = Avx512F.UnpackHigh(r0, r1).AsUInt64();
            var cd0 = Avx512F.UnpackLow(r2, r3).AsUInt64();
            var cd1 = Avx512F.UnpackHigh(r2, r3).AsUInt64();

            // t[4g + j], 128-bit lane L: word 4L + j of rows 4g .. 4g + 3.
            t[(4 * g) + 0] = Avx512F.UnpackLow(ab0, cd0).AsUInt32();
            t[(4 * g) + 1] = Avx512F.UnpackHigh(ab0, cd0).AsUInt32();
            t[(4 * g) + 2] = Avx512F.UnpackLow(ab1, cd1).AsUInt32();
            t[(4 * g) + 3] = Avx512F.UnpackHigh(ab1, cd1).AsUInt32();
        }

        for (var j = 0; j < 4; j++)
        {
            // m[4L + j] gathers lane L of t[j], t[4 + j], t[8 + j], t[12 + j].
            var s0 = Avx512F.Shuffle4x128(t[j], t[4 + j], 0x44);
            var s1 = Avx512F.Shuffle4x128(t[8 + j], t[12 + j], 0x44);
            var s2 = Avx512F.Shuffle4x128(t[j], t[4 + j], 0xEE);
            var s3 = Avx512F.Shuffle4x128(t[8 + j], t[12 + j], 0xEE);
            m[j] = Avx512F.Shuffle4x128(s0, s1, 0x88);
            m[4 + j] = Avx512F.Shuffle4x128(s0, s1, 0xDD);
            m[8 + j] = Avx512F.Shuffle4x128(s2, s3, 0x88);
            m[12 + j] = Avx512F.Shuffle4x128(s2, s3, 0xDD);
        }
    }
}
