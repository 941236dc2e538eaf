using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// Compresses four inputs at once, one input per 32-bit lane of 128-bit vectors, with cross-platform vector
/// operations (the path for processors without AVX2, such as Arm64). Message words are gathered lane by lane.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Vector128
{
    /// <summary>Inputs per call.</summary>
    public const int Lanes = 4;

    /// <summary>As <see cref="Blake3Avx512.HashMany"/>, for 4 inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashMany(
        byte* input, nint stride, int blocks, ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        var m = stackalloc Vector128<uint>[16];
        var state = stackalloc Vector128<uint>[16];
        var counters = stackalloc uint[2 * Lanes];
        for (var i = 0; i < Lanes; i++)
        {
            var value = incrementCounter ? counter + (ulong)i : counter;
            counters[i] = (uint)value;
            counters[Lanes + i] = (uint)(value >> 32);
        }

        var counterLow = Vector128.Load(counters);
        var counterHigh = Vector128.Load(counters + Lanes);
        state[0] = Vector128.Create(Iv0);
        state[1] = Vector128.Create(Iv1);
        state[2] = Vector128.Create(Iv2);
        state[3] = Vector128.Create(Iv3);
        state[4] = Vector128.Create(Iv4);
        state[5] = Vector128.Create(Iv5);
        state[6] = Vector128.Create(Iv6);
        state[7] = Vector128.Create(Iv7);
        for (var b = 0; b < blocks; b++)
        {
            var block = input + (b * BlockLength);
            for (var w = 0; w < 16; w++)
            {
                m[w] = Vector128.Create(Word(block, w), Word(block + stride, w), Word(block + (2 * stride), w), Word(block + (3 * stride), w));
            }

            var blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            state[8] = Vector128.Create(Iv0);
            state[9] = Vector128.Create(Iv1);
            state[10] = Vector128.Create(Iv2);
            state[11] = Vector128.Create(Iv3);
            state[12] = counterLow;
            state[13] = counterHigh;
            state[14] = Vector128.Create((uint)BlockLength);
            state[15] = Vector128.Create(blockFlags);
            Blake3Rounds<Vector128Lanes, Vector128<uint>>.Compress(state, m);
        }

        var words = (uint*)state;
        for (var lane = 0; lane < Lanes; lane++)
        {
            for (var w = 0; w < 8; w++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(output + (((lane * 8) + w) * 4), 4), words[(w * Lanes) + lane]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Word(byte* block, int index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + (4 * index), 4));
}
