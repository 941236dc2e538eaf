using System.Buffers;
using Blake3;
using Repro.Artifacts.Hashing;

namespace Repro.Artifacts;

/// <summary>
/// BLAKE3 digests in the form Repro stores and prints them: <c>blake3:</c> followed by 64 lowercase hex
/// characters (the 256-bit default output, the same hex <c>b3sum</c> prints for a file).
/// </summary>
internal static class ContentDigest
{
    public const string Prefix = "blake3:";

    /// <summary>Length of a digest string: the prefix and 64 hex characters.</summary>
    public const int Length = 7 + 64;

    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Below this, one buffer is hashed by the Blake3 package (single-block SIMD compression); from here on,
    /// by <see cref="Blake3Digest"/> (16 chunks per compression batch, several threads from 512 KiB).
    /// </summary>
    private const int WideContent = 16 << 10;

    /// <summary>The digest of a byte sequence.</summary>
    public static string Of(ReadOnlySpan<byte> content)
    {
        if (content.Length < WideContent)
        {
            return Format(Hasher.Hash(content));
        }

        Span<byte> digest = stackalloc byte[Blake3Compression.OutputLength];
        Blake3Digest.Hash(content, digest);
        return Format(digest);
    }

    /// <summary>The digest of a stream's remaining content, read in 1 MiB blocks (each hashed on all cores).</summary>
    public static string Of(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hasher = new Blake3Hasher();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = content.Read(buffer, 0, BufferSize)) > 0)
            {
                hasher.Update(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Format(hasher);
    }

    /// <summary>
    /// The digest of a file's content (the hex <c>b3sum</c> prints), hashed on all cores when the file is large
    /// (<see cref="Blake3Digest.HashFile"/>: positional reads, a bounded buffer per thread). A file that turns out
    /// longer than its length when opened (it grew, or it is not a regular file) is hashed again as a stream.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read, or it shrank while being read.</exception>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (!stream.CanSeek)
        {
            return Of(stream);
        }

        var length = stream.Length;
        Span<byte> digest = stackalloc byte[Blake3Compression.OutputLength];
        Blake3Digest.HashFile(stream.SafeFileHandle, length, digest);
        Span<byte> probe = stackalloc byte[1];
        if (RandomAccess.Read(stream.SafeFileHandle, probe, length) == 0)
        {
            return Format(digest);
        }

        stream.Position = 0;
        return Of(stream);
    }

    /// <summary>True when <paramref name="text"/> is <c>blake3:</c> and 64 lowercase hex characters.</summary>
    public static bool IsValid(string? text) =>
        text is { Length: Length }
        && text.StartsWith(Prefix, StringComparison.Ordinal)
        && text.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>The 64 hex characters of a valid digest.</summary>
    public static string Hex(string digest) => digest[Prefix.Length..];

    /// <summary>Formats a finished hash.</summary>
    public static string Format(Hash hash) => Format(hash.AsSpan());

    /// <summary>Finishes and formats an incremental hash.</summary>
    public static string Format(Blake3Hasher hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        Span<byte> digest = stackalloc byte[Blake3Compression.OutputLength];
        hasher.Finalize(digest);
        return Format(digest);
    }

    /// <summary>Formats a 32-byte digest.</summary>
    public static string Format(ReadOnlySpan<byte> digest) => Prefix + Convert.ToHexStringLower(digest);
}
