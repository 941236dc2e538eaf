using System.Numerics;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// The chaining values of completed subtrees, left to right, while more input follows: one entry per set bit of
/// the chunk count, as in the BLAKE3 specification's incremental hashing. Two neighbours of equal size merge into
/// their parent as soon as both are complete; what remains merges right to left into the root at the end.
/// </summary>
internal sealed unsafe class Blake3SubtreeStack
{
    /// <summary>2^54 chunks is more than 2^64 bytes: the stack never grows deeper.</summary>
    private const int MaxDepth = 54;

    private readonly byte[] _entries = new byte[MaxDepth * OutputLength];
    private int _depth;

    /// <summary>
    /// Adds a subtree that is not the root (more input follows it): a power of two of chunks that starts at a
    /// multiple of its size, or a run of them, ending at chunk count <paramref name="chunksAfter"/>.
    /// </summary>
    public void Push(in Blake3Output subtree, ulong chunksAfter)
    {
        fixed (byte* entries = _entries)
        {
            subtree.WriteChainingValue(entries + (_depth * OutputLength));
            _depth++;
            while (_depth > BitOperations.PopCount(chunksAfter))
            {
                _depth--;
                var left = entries + ((_depth - 1) * OutputLength);
                Blake3Output.OfParent(left).WriteChainingValue(left);
            }
        }
    }

    /// <summary>The root node: <paramref name="last"/>, the input's last subtree, merged with every entry.</summary>
    public Blake3Output Finish(Blake3Output last)
    {
        var node = stackalloc byte[2 * OutputLength];
        fixed (byte* entries = _entries)
        {
            for (var i = _depth - 1; i >= 0; i--)
            {
                Buffer.MemoryCopy(entries + (i * OutputLength), node, OutputLength, OutputLength);
                last.WriteChainingValue(node + OutputLength);
                last = Blake3Output.OfParent(node);
            }
        }

        return last;
    }
}
