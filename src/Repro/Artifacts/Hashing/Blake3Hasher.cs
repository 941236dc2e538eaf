using System.Numerics;
using static Repro.Artifacts.Hashing.Blake3Compression;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// Incremental BLAKE3 (default hash mode, 32-byte digest) for content that arrives in pieces: a stream being
/// stored or verified. Large updates are hashed in place as power-of-two subtrees, on several threads when they
/// are large (<see cref="Blake3Digest.HashTree"/>); small updates are gathered into a 64 KiB buffer first, so
/// that every compression batch is wide. Completed subtrees wait on a <see cref="Blake3SubtreeStack"/>.
/// </summary>
internal sealed unsafe class Blake3Hasher
{
    /// <summary>The buffer: 64 chunks, a power of two, so that flushing it always completes an aligned subtree.</summary>
    private const int BufferLength = 64 * ChunkLength;

    private const int BufferChunks = BufferLength / ChunkLength;

    private readonly Blake3Options _options;
    private readonly Blake3SubtreeStack _stack = new();

    /// <summary>Chunks already hashed into the stack or <see cref="_pending"/>; a multiple of <see cref="BufferChunks"/>.</summary>
    private ulong _chunks;
    private byte[]? _buffer;
    private int _buffered;

    /// <summary>The last subtree an update hashed in place, held back in case it turns out to be the root.</summary>
    private Blake3Output _pending;
    private bool _hasPending;

    /// <summary>A hasher with the default options (widest instructions, all cores).</summary>
    public Blake3Hasher()
        : this(Blake3Options.Default)
    {
    }

    /// <summary>A hasher with the given instructions and threads.</summary>
    public Blake3Hasher(Blake3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Adds bytes to the content.</summary>
    public void Update(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        if (_hasPending)
        {
            _hasPending = false;
            _stack.Push(_pending, _chunks);
        }

        if (_buffered > 0)
        {
            var take = Math.Min(BufferLength - _buffered, input.Length);
            input[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            input = input[take..];
            if (input.IsEmpty)
            {
                return;
            }

            Blake3Output full;
            fixed (byte* buffer = _buffer)
            {
                full = Blake3Digest.HashTree(buffer, BufferLength, _chunks, _options);
            }

            _chunks += BufferChunks;
            _buffered = 0;
            _stack.Push(full, _chunks);
        }

        fixed (byte* start = input)
        {
            var data = start;
            long left = input.Length;
            while (left >= BufferLength)
            {
                // The largest power of two of whole chunks that fits and starts at a multiple of its own size.
                var chunks = 1UL << (63 - BitOperations.LeadingZeroCount((ulong)left / ChunkLength));
                while (_chunks % chunks != 0)
                {
                    chunks >>= 1;
                }

                var length = (long)chunks * ChunkLength;
                var subtree = Blake3Digest.HashTree(data, length, _chunks, _options);
                _chunks += chunks;
                data += length;
                left -= length;
                if (left == 0)
                {
                    _pending = subtree;
                    _hasPending = true;
                    return;
                }

                _stack.Push(subtree, _chunks);
            }

            _buffer ??= new byte[BufferLength];
            new ReadOnlySpan<byte>(data, (int)left).CopyTo(_buffer);
            _buffered = (int)left;
        }
    }

    /// <summary>Writes the digest of everything added so far (32 bytes); more may be added afterwards.</summary>
    public void Finalize(Span<byte> digest)
    {
        Blake3Output output;
        if (_hasPending)
        {
            output = _pending;
        }
        else
        {
            fixed (byte* buffer = _buffer)
            {
                output = Blake3Digest.HashTree(buffer, _buffered, _chunks, _options);
            }
        }

        _stack.Finish(output).WriteRoot(digest);
    }
}
