using System.Buffers;
using System.Runtime.ExceptionServices;
using Microsoft.Win32.SafeHandles;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// The 32-byte BLAKE3 digest (default hash mode) of bytes in memory or of a file, on several cores when the
/// input is large. Large inputs are cut into groups of a power of two of chunks: each group is a complete
/// subtree of the BLAKE3 tree (the last one is the input's last subtree), so threads hash groups independently
/// and the groups' chaining values are combined into the root as <see cref="Blake3Tree.Reduce"/> combines chunks.
/// Memory is bounded: per thread, one read buffer and one group's chaining values; overall, 32 bytes per group
/// (files go a window at a time).
/// </summary>
internal static unsafe class Blake3Digest
{
    /// <summary>Inputs up to this size are hashed on the calling thread: starting a thread costs more.</summary>
    public const int ParallelThreshold = 512 << 10;

    /// <summary>The largest group: 1024 chunks (1 MiB of input, 32 KiB of chaining values).</summary>
    private const int MaxGroupChunks = 1024;

    /// <summary>The smallest group in a parallel hash, so that a thread's share is worth waking it for.</summary>
    private const int MinGroupChunks = 64;

    /// <summary>Bytes read from a file at a time: a piece stays in the core's cache until it is hashed.</summary>
    private const int ReadLength = 256 << 10;

    /// <summary>Writes the digest of <paramref name="content"/> to <paramref name="digest"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> content, Span<byte> digest, Blake3Options? options = null)
    {
        options ??= Blake3Options.Default;
        fixed (byte* input = content)
        {
            HashTree(input, content.Length, 0, options).WriteRoot(digest);
        }
    }

    /// <summary>
    /// The top node, unrun, of the tree over <paramref name="length"/> bytes in memory whose first chunk has
    /// counter <paramref name="firstChunk"/>: the whole input's root, or a complete subtree of a longer one.
    /// </summary>
    public static Blake3Output HashTree(byte* input, long length, ulong firstChunk, Blake3Options options)
    {
        if (!IsParallel(length, options))
        {
            return HashSmall(input, (int)length, firstChunk, options.Instructions);
        }

        var source = (nint)input;
        return HashGroups(length, firstChunk, options, needsBuffer: false, (offset, _, _) => (byte*)source + offset);
    }

    /// <summary>
    /// Writes the digest of the first <paramref name="length"/> bytes of an open file to <paramref name="digest"/>,
    /// reading with positional reads (several threads read one handle at once). A file larger than
    /// <see cref="Blake3Options.FileWindow"/> (1 GiB) is hashed a window at a time, each a subtree, so the groups'
    /// chaining values take at most 32 KiB however large the file.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read, or it is shorter than <paramref name="length"/> (it shrank while being read).</exception>
    public static void HashFile(SafeFileHandle file, long length, Span<byte> digest, Blake3Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        options ??= Blake3Options.Default;
        var window = options.FileWindow;
        var stack = length > window ? new Blake3SubtreeStack() : null;
        for (long offset = 0; ; offset += window)
        {
            var size = Math.Min(window, length - offset);
            var subtree = HashFileTree(file, offset, size, options);
            if (offset + size == length)
            {
                (stack?.Finish(subtree) ?? subtree).WriteRoot(digest);
                return;
            }

            stack!.Push(subtree, (ulong)((offset + size) / ChunkLength));
        }
    }

    /// <summary>The top node of the tree over <paramref name="size"/> bytes of a file from <paramref name="start"/>, a chunk boundary.</summary>
    private static Blake3Output HashFileTree(SafeFileHandle file, long start, long size, Blake3Options options)
    {
        var firstChunk = (ulong)(start / ChunkLength);
        if (IsParallel(size, options))
        {
            return HashGroups(size, firstChunk, options, needsBuffer: true, (offset, count, buffer) =>
            {
                ReadExactly(file, new Span<byte>(buffer, count), start + offset);
                return buffer;
            });
        }

        var whole = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 1));
        try
        {
            ReadExactly(file, whole.AsSpan(0, (int)size), start);
            fixed (byte* input = whole)
            {
                return HashSmall(input, (int)size, firstChunk, options.Instructions);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(whole);
        }
    }

    /// <summary>
    /// True when an input is hashed in groups on several threads; else it is hashed on the calling thread in one
    /// piece (so it is at most one largest group long).
    /// </summary>
    private static bool IsParallel(long length, Blake3Options options) =>
        options.Threads == 1 ? length > MaxGroupChunks * ChunkLength : length > ParallelThreshold;

    private static Blake3Output HashSmall(byte* input, int length, ulong firstChunk, Blake3Instructions instructions)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Blake3Tree.ScratchLength(length));
        try
        {
            fixed (byte* cvs = scratch)
            {
                return Blake3Tree.Hash(input, length, firstChunk, cvs, instructions);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Hashes more than one group on up to <see cref="Blake3Options.Threads"/> threads.</summary>
    private static Blake3Output HashGroups(long length, ulong firstChunk, Blake3Options options, bool needsBuffer, Blake3Reader read)
    {
        // Callers pass more than one largest group, or more than the parallel threshold: always at least two groups.
        var chunks = (length + ChunkLength - 1) / ChunkLength;
        var groupChunks = GroupChunks(chunks, options.Threads);
        var groupLength = (long)groupChunks * ChunkLength;
        var groups = (int)((length + groupLength - 1) / groupLength);
        var groupCvs = new byte[groups * OutputLength];
        var next = -1;
        var failed = 0;
        void Work()
        {
            var pieceLength = needsBuffer ? (int)Math.Min(ReadLength, groupLength) : (int)groupLength;
            var buffer = needsBuffer ? ArrayPool<byte>.Shared.Rent(pieceLength) : null;
            var scratch = ArrayPool<byte>.Shared.Rent(Blake3Tree.ScratchLength((int)groupLength));
            try
            {
                fixed (byte* bufferStart = buffer)
                fixed (byte* cvs = scratch)
                fixed (byte* results = groupCvs)
                {
                    int group;
                    while (Volatile.Read(ref failed) == 0 && (group = Interlocked.Increment(ref next)) < groups)
                    {
                        var start = group * groupLength;
                        var end = Math.Min(start + groupLength, length);
                        var count = 0;
                        for (var offset = start; offset < end; offset += pieceLength)
                        {
                            var piece = (int)Math.Min(pieceLength, end - offset);
                            var data = read(offset, piece, bufferStart);
                            var counter = firstChunk + (ulong)(offset / ChunkLength);
                            count += Blake3Tree.HashChunks(data, piece, counter, cvs + (count * OutputLength), options.Instructions);
                        }

                        var target = results + (group * OutputLength);
                        if (count == 1)
                        {
                            Buffer.MemoryCopy(cvs, target, OutputLength, OutputLength);
                        }
                        else
                        {
                            Blake3Tree.Reduce(cvs, count, options.Instructions).WriteChainingValue(target);
                        }
                    }
                }
            }
            catch
            {
                Volatile.Write(ref failed, 1);
                throw;
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        var threads = Math.Min(options.Threads, groups);
        if (threads == 1)
        {
            Work();
        }
        else
        {
            try
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Work());
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }
        }

        fixed (byte* results = groupCvs)
        {
            return Blake3Tree.Reduce(results, groups, options.Instructions);
        }
    }

    /// <summary>
    /// Chunks per group: a power of two, at most <see cref="MaxGroupChunks"/>, small enough that every thread gets
    /// several groups (so they finish together), at least <see cref="MinGroupChunks"/>.
    /// </summary>
    private static int GroupChunks(long chunks, int threads)
    {
        var share = Math.Max(chunks / (threads * 8L), 1);
        var pow2 = 1L << (63 - (int)long.LeadingZeroCount(share));
        return (int)Math.Clamp(pow2, MinGroupChunks, MaxGroupChunks);
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
            {
                throw new IOException("The file became shorter while it was being hashed.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}
