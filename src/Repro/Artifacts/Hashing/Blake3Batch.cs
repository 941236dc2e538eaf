using System.Runtime.CompilerServices;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// Compresses many independent inputs (whole chunks, or parent nodes) into their chaining values, sixteen,
/// eight or four at a time where the instruction set allows and one at a time for the rest.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Batch
{
    /// <summary>
    /// Hashes <paramref name="count"/> consecutive whole chunks at <paramref name="input"/>, the first with chunk
    /// counter <paramref name="counter"/>, and writes their chaining values (32 bytes each) to <paramref name="output"/>.
    /// </summary>
    public static void HashChunks(byte* input, int count, ulong counter, byte* output, Blake3Instructions instructions) =>
        HashMany(input, ChunkLength, count, ChunkBlocks, counter, incrementCounter: true, 0, ChunkStart, ChunkEnd, output, instructions);

    /// <summary>
    /// Hashes <paramref name="count"/> parent nodes, node <c>i</c> being the two chaining values (64 bytes) at
    /// <c>input + 64 i</c>, and writes their chaining values to <c>output + 32 i</c>. The output may be the input:
    /// each node is read before its result is written, and results land at or before what they were made from.
    /// </summary>
    public static void HashParents(byte* input, int count, byte* output, Blake3Instructions instructions) =>
        HashMany(input, BlockLength, count, 1, 0, incrementCounter: false, Parent, 0, 0, output, instructions);

    private static void HashMany(
        byte* input, nint stride, int count, int blocks, ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd,
        byte* output, Blake3Instructions instructions)
    {
        if (instructions >= Blake3Instructions.Avx512)
        {
            for (; count >= Blake3Avx512.Lanes; count -= Blake3Avx512.Lanes)
            {
                Blake3Avx512.HashMany(input, stride, blocks, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
                input += Blake3Avx512.Lanes * stride;
                output += Blake3Avx512.Lanes * OutputLength;
                counter += incrementCounter ? Blake3Avx512.Lanes : 0UL;
            }
        }

        if (instructions >= Blake3Instructions.Avx2)
        {
            for (; count >= Blake3Avx2.Lanes; count -= Blake3Avx2.Lanes)
            {
                Blake3Avx2.HashMany(input, stride, blocks, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
                input += Blake3Avx2.Lanes * stride;
                output += Blake3Avx2.Lanes * OutputLength;
                counter += incrementCounter ? Blake3Avx2.Lanes : 0UL;
            }
        }

        if (instructions >= Blake3Instructions.Vector128)
        {
            for (; count >= Blake3Vector128.Lanes; count -= Blake3Vector128.Lanes)
            {
                Blake3Vector128.HashMany(input, stride, blocks, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
                input += Blake3Vector128.Lanes * stride;
                output += Blake3Vector128.Lanes * OutputLength;
                counter += incrementCounter ? Blake3Vector128.Lanes : 0UL;
            }
        }

        var cv = stackalloc uint[8];
        for (; count > 0; count--)
        {
            SetIv(cv);
            for (var b = 0; b < blocks; b++)
            {
                var blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
                Compress(cv, input + (b * BlockLength), counter, BlockLength, blockFlags);
            }

            Store(cv, output);
            input += stride;
            output += OutputLength;
            counter += incrementCounter ? 1UL : 0UL;
        }
    }
}
