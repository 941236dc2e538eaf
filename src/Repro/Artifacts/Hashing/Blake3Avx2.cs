using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// Compresses eight inputs at once, one input per 32-bit lane of 256-bit vectors (AVX2). Each 64-byte block is
/// loaded as two 8 x 8 word tiles and transposed so that vector <c>w</c> holds word <c>w</c> of every input.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Avx2
{
    /// <summary>Inputs per call.</summary>
    public const int Lanes = 8;

    private const int PrefetchDistance = 256;

    /// <summary>As <see cref="Blake3Avx512.HashMany"/>, for 8 inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashMany(
        byte* input, nint stride, int blocks, ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        var m = stackalloc Vector256<uint>[16];
        var state = stackalloc Vector256<uint>[16];
        var scratch = stackalloc Vector256<uint>[8];
        var counters = stackalloc uint[2 * Lanes];
        for (var i = 0; i < Lanes; i++)
        {
            var value = incrementCounter ? counter + (ulong)i : counter;
            counters[i] = (uint)value;
            counters[Lanes + i] = (uint)(value >> 32);
        }

        var counterLow = Vector256.Load(counters);
        var counterHigh = Vector256.Load(counters + Lanes);
        var blockLength = Vector256.Create((uint)BlockLength);
        state[0] = Vector256.Create(Iv0);
        state[1] = Vector256.Create(Iv1);
        state[2] = Vector256.Create(Iv2);
        state[3] = Vector256.Create(Iv3);
        state[4] = Vector256.Create(Iv4);
        state[5] = Vector256.Create(Iv5);
        state[6] = Vector256.Create(Iv6);
        state[7] = Vector256.Create(Iv7);
        for (var b = 0; b < blocks; b++)
        {
            var block = input + (b * BlockLength);
            LoadTransposed(block, stride, m, scratch);
            LoadTransposed(block + 32, stride, m + 8, scratch);
            var blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            state[8] = Vector256.Create(Iv0);
            state[9] = Vector256.Create(Iv1);
            state[10] = Vector256.Create(Iv2);
            state[11] = Vector256.Create(Iv3);
            state[12] = counterLow;
            state[13] = counterHigh;
            state[14] = blockLength;
            state[15] = Vector256.Create(blockFlags);
            Blake3Rounds<Avx2Lanes, Vector256<uint>>.Compress(state, m);
        }

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
    /// Loads 32 bytes (8 words) from each of 8 inputs and transposes them: 32-bit and 64-bit interleaves within
    /// 128-bit lanes give 4 x 4 transposes, then a 128-bit lane exchange finishes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadTransposed(byte* half, nint stride, Vector256<uint>* m, Vector256<uint>* t)
    {
        for (var g = 0; g < 2; g++)
        {
            var rows = half + (4 * g * stride);
            // Sixteen inputs a chunk apart are sixteen streams: fetch each a few blocks ahead.
            Sse.Prefetch0(rows + PrefetchDistance);
            Sse.Prefetch0(rows + stride + PrefetchDistance);
            Sse.Prefetch0(rows + (2 * stride) + PrefetchDistance);
            Sse.Prefetch0(rows + (3 * stride) + PrefetchDistance);
            var r0 = Vector256.Load((uint*)rows);
            var r1 = Vector256.Load((uint*)(rows + stride));
            var r2 = Vector256.Load((uint*)(rows + (2 * stride)));
            var r3 = Vector256.Load((uint*)(rows + (3 * stride)));
            var ab0 = Avx2.UnpackLow(r0, r1).AsUInt64();
            var ab1 = Avx2.UnpackHigh(r0, r1).AsUInt64();
            var cd0 = Avx2.UnpackLow(r2, r3).AsUInt64();
            var cd1 = Avx2.UnpackHigh(r2, r3).AsUInt64();
            t[(4 * g) + 0] = Avx2.UnpackLow(ab0, cd0).AsUInt32();
            t[(4 * g) + 1] = Avx2.UnpackHigh(ab0, cd0).AsUInt32();
            t[(4 * g) + 2] = Avx2.UnpackLow(ab1, cd1).AsUInt32();
            t[(4 * g) + 3] = Avx2.UnpackHigh(ab1, cd1).AsUInt32();
        }

        for (var j = 0; j < 4; j++)
        {
            m[j] = Avx2.Permute2x128(t[j], t[4 + j], 0x20);
            m[4 + j] = Avx2.Permute2x128(t[j], t[4 + j], 0x31);
        }
    }
}
