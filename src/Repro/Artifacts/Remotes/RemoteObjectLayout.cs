namespace Repro.Artifacts.Remotes;

/// <summary>
/// Where an object lives on a remote: <c>objects/ab/&lt;62 hex&gt;</c> for <c>blake3:ab&lt;62 hex&gt;</c>, the
/// local store's two-character fan-out, so a folder remote and the local objects folder look alike.
/// </summary>
internal static class RemoteObjectLayout
{
    /// <summary>The folder (or key prefix) that holds the fan-out folders.</summary>
    public const string ObjectsFolder = "objects";

    private const int HexLength = 64;

    /// <summary>Whether the text is a digest in the stored form: <c>blake3:</c> and 64 lowercase hex characters.</summary>
    public static bool IsDigest(string? digest) =>
        digest is not null
        && digest.Length == ContentDigest.Prefix.Length + HexLength
        && digest.StartsWith(ContentDigest.Prefix, StringComparison.Ordinal)
        && digest.AsSpan(ContentDigest.Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>Throws unless the text is a digest in the stored form.</summary>
    /// <exception cref="ArgumentException">The digest is malformed.</exception>
    public static void Validate(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!IsDigest(digest))
        {
            throw new ArgumentException($"'{digest}' is not an object digest (expected blake3: followed by 64 lowercase hex characters).", nameof(digest));
        }
    }

    /// <summary>The fan-out folder name: the first two hex characters.</summary>
    public static string FanOut(string digest)
    {
        Validate(digest);
        return digest.Substring(ContentDigest.Prefix.Length, 2);
    }

    /// <summary>The relative key, <c>objects/ab/&lt;62 hex&gt;</c>, with forward slashes.</summary>
    public static string KeyFor(string digest)
    {
        Validate(digest);
        return $"{ObjectsFolder}/{digest.AsSpan(ContentDigest.Prefix.Length, 2)}/{digest.AsSpan(ContentDigest.Prefix.Length + 2)}";
    }

    /// <summary>The digest named by a fan-out folder and a file name in it, or null when they name no object.</summary>
    public static string? DigestFor(string fanOut, string name)
    {
        var digest = ContentDigest.Prefix + fanOut + name;
        return IsDigest(digest) ? digest : null;
    }
}
