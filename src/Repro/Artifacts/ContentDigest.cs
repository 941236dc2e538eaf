using Blake3;

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


    /// <summary>The digest of a byte sequence.</summary>
    public static string Of(ReadOnlySpan<byte> content) => Format(Hasher.Hash(content));

    /// <summary>The digest of a stream's remaining content, read in 1 MiB blocks.</summary>
    public static string Of(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hasher = Hasher.New();
        var buffer = new byte[BufferSize];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            hasher.Update(buffer.AsSpan(0, read));
        }

        return Format(hasher.Finalize());
    }

    /// <summary>
    /// The digest of a file's content, read in 1 MiB blocks on one thread. (Hashing one file on several cores
    /// needs BLAKE3 subtree chaining values: the Blake3 3.0.2 package keeps them internal, and its
    /// <c>UpdateWithJoin</c> measured no parallelism; a read-ahead thread measured slower. Many files are
    /// hashed on all cores by <see cref="ContentImporter"/>.)
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
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
    public static string Format(Hash hash) => Prefix + Convert.ToHexStringLower(hash.AsSpan());
}
