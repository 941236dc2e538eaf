namespace Repro.Artifacts.Hashing;

/// <summary>
/// How <see cref="Blake3Digest"/> hashes: with which instruction set and on how many threads at most. The
/// defaults use the widest instructions this processor has and every core; tests force narrower ones.
/// </summary>
internal sealed record Blake3Options
{
    /// <summary>Widest instructions, all cores.</summary>
    public static Blake3Options Default { get; } = new(Blake3InstructionSet.Best, Environment.ProcessorCount);

    /// <summary>Creates options.</summary>
    /// <exception cref="PlatformNotSupportedException">This processor cannot run <paramref name="instructions"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public Blake3Options(Blake3Instructions instructions, int threads)
    {
        if (!Blake3InstructionSet.IsSupported(instructions))
        {
            throw new PlatformNotSupportedException($"This processor cannot run the {instructions} BLAKE3 path.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Instructions = instructions;
        Threads = threads;
    }

    /// <summary>The instruction set that compresses many chunks at once.</summary>
    public Blake3Instructions Instructions { get; }

    /// <summary>The most threads one digest uses (the calling thread is one of them).</summary>
    public int Threads { get; }

    /// <summary>
    /// Bytes of a file hashed as one subtree before the next (a power of two of chunks; default 1 GiB): it bounds
    /// the memory a huge file needs. Tests make it small to cross window edges with small files.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a power of two of at least one chunk (1024 bytes).</exception>
    public long FileWindow
    {
        get;
        init
        {
            if (value < Blake3Compression.ChunkLength || !long.IsPow2(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A file window is a power of two of at least 1024 bytes.");
            }

            field = value;
        }
    } = 1L << 30;
}
