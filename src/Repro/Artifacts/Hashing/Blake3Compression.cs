using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// BLAKE3's constants and its compression function for one block (the BLAKE3 specification, section 2): a 64-byte
/// block, a 64-bit counter, the block's length and domain flags are mixed into an 8-word chaining value.
/// Chaining values and message words are little-endian 32-bit words.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3Compression
{
    /// <summary>Bytes in a block, the unit of one compression.</summary>
    public const int BlockLength = 64;

    /// <summary>Bytes in a chunk, the leaf of the tree: 16 blocks.</summary>
    public const int ChunkLength = 1024;

    /// <summary>Blocks in a chunk.</summary>
    public const int ChunkBlocks = ChunkLength / BlockLength;

    /// <summary>Bytes in a chaining value and in the default digest.</summary>
    public const int OutputLength = 32;

    /// <summary>Flag of a chunk's first block.</summary>
    public const uint ChunkStart = 1;

    /// <summary>Flag of a chunk's last block.</summary>
    public const uint ChunkEnd = 2;

    /// <summary>Flag of a parent node.</summary>
    public const uint Parent = 4;

    /// <summary>Flag of the root node, whose output is the digest.</summary>
    public const uint Root = 8;

    // The initialisation vector (the same words as SHA-256's): the key of the default hash mode.
    public const uint Iv0 = 0x6A09E667;
    public const uint Iv1 = 0xBB67AE85;
    public const uint Iv2 = 0x3C6EF372;
    public const uint Iv3 = 0xA54FF53A;
    public const uint Iv4 = 0x510E527F;
    public const uint Iv5 = 0x9B05688C;
    public const uint Iv6 = 0x1F83D9AB;
    public const uint Iv7 = 0x5BE0CD19;

    /// <summary>Sets an 8-word chaining value to the initialisation vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetIv(uint* cv)
    {
        cv[0] = Iv0;
        cv[1] = Iv1;
        cv[2] = Iv2;
        cv[3] = Iv3;
        cv[4] = Iv4;
        cv[5] = Iv5;
        cv[6] = Iv6;
        cv[7] = Iv7;
    }

    /// <summary>
    /// Compresses one block into the chaining value <paramref name="cv"/> (8 words, updated in place): the first
    /// eight words of the compression output. <paramref name="block"/> holds 64 bytes (zero-padded past
    /// <paramref name="blockLength"/>); it may overlap <paramref name="cv"/>.
    /// </summary>
    public static void Compress(uint* cv, byte* block, ulong counter, uint blockLength, uint flags)
    {
        var m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + (4 * i), 4));
        }

        var state = stackalloc uint[16];
        for (var i = 0; i < 8; i++)
        {
            state[i] = cv[i];
        }

        state[8] = Iv0;
        state[9] = Iv1;
        state[10] = Iv2;
        state[11] = Iv3;
        state[12] = (uint)counter;
        state[13] = (uint)(counter >> 32);
        state[14] = blockLength;
        state[15] = flags;
        Blake3Rounds<PortableLanes, uint>.Compress(state, m);
        for (var i = 0; i < 8; i++)
        {
            cv[i] = state[i];
        }
    }

    /// <summary>Writes 8 words as 32 little-endian bytes.</summary>
    public static void Store(uint* cv, byte* destination)
    {
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(destination + (4 * i), 4), cv[i]);
        }
    }

    /// <summary>Reads 8 words from 32 little-endian bytes.</summary>
    public static void Load(byte* source, uint* cv)
    {
        for (var i = 0; i < 8; i++)
        {
            cv[i] = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(source + (4 * i), 4));
        }
    }
}
