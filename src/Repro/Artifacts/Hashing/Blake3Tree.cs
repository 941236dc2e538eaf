using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// The BLAKE3 tree over bytes in memory. The spec's tree splits an input of more than one chunk into a left
/// subtree of the largest power of two of chunks strictly less than the total and a right subtree of the rest;
/// hashing level by level (pair neighbours, carry an odd last node up unchanged) builds exactly that tree, so the
/// leaves of each level are compressed together in wide batches.
/// </summary>
internal static unsafe class Blake3Tree
{
    /// <summary>Bytes of chaining-value scratch that <see cref="Hash"/> needs for <paramref name="length"/> input bytes.</summary>
    public static int ScratchLength(int length) => ((length / ChunkLength) + 1) * OutputLength;

    /// <summary>
    /// The top node of the tree over <paramref name="length"/> bytes whose first chunk has counter
    /// <paramref name="counter"/>: the root when this is the whole input, else a subtree (its size a power of two
    /// of chunks, or the last one of the input). <paramref name="scratch"/> holds <see cref="ScratchLength"/> bytes.
    /// </summary>
    public static Blake3Output Hash(byte* input, int length, ulong counter, byte* scratch, Blake3Instructions instructions)
    {
        if (length <= ChunkLength)
        {
            return Blake3Output.OfChunk(input, length, counter);
        }

        var count = HashChunks(input, length, counter, scratch, instructions);
        return Reduce(scratch, count, instructions);
    }

    /// <summary>
    /// Writes the chaining values of the chunks of <paramref name="length"/> bytes to <paramref name="cvs"/>, the
    /// last chunk possibly partial, and returns how many there are. Never call it for a root chunk.
    /// </summary>
    public static int HashChunks(byte* input, int length, ulong counter, byte* cvs, Blake3Instructions instructions)
    {
        var full = length / ChunkLength;
        Blake3Batch.HashChunks(input, full, counter, cvs, instructions);
        var tail = length % ChunkLength;
        if (tail == 0)
        {
            return full;
        }

        Blake3Output.OfChunk(input + ((long)full * ChunkLength), tail, counter + (ulong)full).WriteChainingValue(cvs + (full * OutputLength));
        return full + 1;
    }

    /// <summary>
    /// Combines <paramref name="count"/> (at least 2) consecutive sibling chaining values at <paramref name="cvs"/>
    /// (overwritten) level by level into the top parent node, which it returns unrun.
    /// </summary>
    public static Blake3Output Reduce(byte* cvs, int count, Blake3Instructions instructions)
    {
        while (count > 2)
        {
            var pairs = count / 2;
            Blake3Batch.HashParents(cvs, pairs, cvs, instructions);
            if ((count & 1) != 0)
            {
                Buffer.MemoryCopy(cvs + ((count - 1) * OutputLength), cvs + (pairs * OutputLength), OutputLength, OutputLength);
            }

            count = pairs + (count & 1);
        }

        return Blake3Output.OfParent(cvs);
    }
}
