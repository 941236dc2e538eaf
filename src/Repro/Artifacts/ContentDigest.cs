using Blake3;

namespace Repro.Artifacts;

/// <summary>
/// BLAKE3 digests in the form Repro stores and prints them: <c>blake3:</c> followed by 64 lowercase hex
/// characters (the 256-bit default output).
/// </summary>
internal static class ContentDigest
{
    public const string Prefix = "blake3:";

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

    /// <summary>The digest of a file's content.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Of(stream);
    }

    private static string Format(Hash hash) => Prefix + Convert.ToHexStringLower(hash.AsSpan());
}
