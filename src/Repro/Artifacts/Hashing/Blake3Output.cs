using System.Runtime.CompilerServices;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// The last compression of a tree node, not yet run: a chunk's last block or a parent's two children. Run as an
/// inner node it gives the node's chaining value; run with the ROOT flag it gives the digest. Deferring it is how
/// the code decides late whether a node is the root.
/// </summary>
[SkipLocalsInit]
internal unsafe struct Blake3Output
{
    private fixed uint _input[8];
    private fixed byte _block[BlockLength];
    private ulong _counter;
    private uint _blockLength;
    private uint _flags;

    /// <summary>The output of a chunk of <paramref name="length"/> bytes (0 to 1024) with chunk counter <paramref name="counter"/>.</summary>
    public static Blake3Output OfChunk(byte* input, int length, ulong counter)
    {
        var output = default(Blake3Output);
        SetIv(output._input);
        var blocks = length == 0 ? 1 : (length + BlockLength - 1) / BlockLength;
        for (var b = 0; b < blocks - 1; b++)
        {
            Compress(output._input, input + (b * BlockLength), counter, BlockLength, b == 0 ? ChunkStart : 0);
        }

        var last = length - ((blocks - 1) * BlockLength);
        new ReadOnlySpan<byte>(input + ((blocks - 1) * BlockLength), last).CopyTo(new Span<byte>(output._block, BlockLength));
        output._counter = counter;
        output._blockLength = (uint)last;
        output._flags = ChunkEnd | (blocks == 1 ? ChunkStart : 0);
        return output;
    }

    /// <summary>The output of a parent node whose two children's chaining values are the 64 bytes at <paramref name="children"/>.</summary>
    public static Blake3Output OfParent(byte* children)
    {
        var output = default(Blake3Output);
        SetIv(output._input);
        new ReadOnlySpan<byte>(children, BlockLength).CopyTo(new Span<byte>(output._block, BlockLength));
        output._blockLength = BlockLength;
        output._flags = Parent;
        return output;
    }

    /// <summary>Writes the node's chaining value (32 bytes): the node is not the root.</summary>
    public readonly void WriteChainingValue(byte* destination) => Write(destination, 0, _counter);

    /// <summary>Writes the digest (32 bytes): the node is the root.</summary>
    public readonly void WriteRoot(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, OutputLength);
        fixed (byte* target = destination)
        {
            Write(target, Root, 0);
        }
    }

    private readonly void Write(byte* destination, uint extraFlags, ulong counter)
    {
        var cv = stackalloc uint[8];
        var block = stackalloc byte[BlockLength];
        fixed (uint* input = _input)
        fixed (byte* source = _block)
        {
            new ReadOnlySpan<uint>(input, 8).CopyTo(new Span<uint>(cv, 8));
            new ReadOnlySpan<byte>(source, BlockLength).CopyTo(new Span<byte>(block, BlockLength));
        }

        Compress(cv, block, counter, _blockLength, _flags | extraFlags);
        Store(cv, destination);
    }
}
