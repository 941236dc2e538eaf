using System.Globalization;

namespace Repro.Artifacts;

/// <summary>
/// A parsed reference to an artifact: <c>blake3:DIGEST</c>, or <c>[KIND/]NAME</c> (its <c>latest</c>),
/// <c>[KIND/]NAME:vN</c>, <c>[KIND/]NAME@ALIAS</c>. Without a kind the name is looked up in every kind.
/// </summary>
/// <param name="Text">The reference as given.</param>
/// <param name="Digest">The digest, for a digest reference.</param>
/// <param name="Kind">The kind, when given.</param>
/// <param name="Name">The name, for a name reference.</param>
/// <param name="Version">The version number, for <c>:vN</c>.</param>
/// <param name="Alias">The alias, for <c>@ALIAS</c> (and <c>latest</c> when neither is given).</param>
internal sealed record ArtifactReference(string Text, string? Digest, string? Kind, string? Name, int? Version, string? Alias)
{
    public const string Latest = "latest";

    /// <summary>Parses a reference.</summary>
    /// <exception cref="ArtifactException">The text is not a valid reference.</exception>
    public static ArtifactReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith(ContentDigest.Prefix, StringComparison.Ordinal))
        {
            var digest = text.ToLowerInvariant();
            return ContentDigest.IsValid(digest)
                ? new ArtifactReference(text, digest, null, null, null, null)
                : throw new ArtifactException($"Invalid digest '{text}': expected blake3: and 64 hex characters.");
        }

        var rest = text;
        int? version = null;
        string? alias = null;
        var at = rest.LastIndexOf('@');
        var colon = rest.LastIndexOf(':');
        if (at >= 0)
        {
            alias = ArtifactName.ValidateAlias(rest[(at + 1)..]);
            rest = rest[..at];
        }
        else if (colon >= 0)
        {
            var v = rest[(colon + 1)..];
            if (v.Length < 2 || v[0] != 'v' || !int.TryParse(v.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new ArtifactException($"Invalid version in '{text}': expected NAME:vN with N >= 1 (for example dataset/mnist:v3).");
            }

            version = n;
            rest = rest[..colon];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        string? kind = null;
        if (slash > 0 && ArtifactName.Kinds.Contains(rest[..slash]))
        {
            kind = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        var name = ArtifactName.ValidateName(rest, text);
        return new ArtifactReference(text, null, kind, name, version, version is null ? alias ?? Latest : null);
    }
}
