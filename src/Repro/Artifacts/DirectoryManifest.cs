using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Repro.Artifacts;

/// <summary>
/// The canonical description of one folder: its direct entries sorted by name (ordinal), each with kind,
/// mode, size and digest (a subfolder by the digest of its own manifest, so a change rewrites only the
/// manifests on its path; a symbolic link by its target text). Stored as an object like any file.
/// </summary>
/// <remarks>
/// Text format, UTF-8, one line per entry after the header line <c>repro-tree/1</c>:
/// <c>KIND TAB MODE(octal) TAB SIZE TAB FILES TAB DIGEST|- TAB "name" [TAB "target"]</c> with KIND one of
/// <c>f</c>, <c>d</c>, <c>l</c> and names as JSON strings (so tabs and newlines in names are escaped).
/// </remarks>
internal sealed class DirectoryManifest
{
    public const string Header = "repro-tree/1\n";

    public static readonly byte[] HeaderBytes = Encoding.UTF8.GetBytes(Header);

    public DirectoryManifest(IEnumerable<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>The entries, sorted by name (ordinal).</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>Total file bytes beneath this folder.</summary>
    public long Size => Entries.Sum(e => e.Size);

    /// <summary>Files beneath this folder.</summary>
    public long FileCount => Entries.Sum(e => e.FileCount);

    /// <summary>The canonical bytes, whose digest names the folder.</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder(Header);
        foreach (var e in Entries)
        {
            text.Append(e.Kind switch { ManifestEntryKind.File => 'f', ManifestEntryKind.Directory => 'd', _ => 'l' })
                .Append('\t').Append(Convert.ToString(e.Mode, 8).PadLeft(4, '0'))
                .Append('\t').Append(e.Size.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(e.FileCount.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(e.Digest ?? "-")
                .Append('\t').Append(JsonSerializer.Serialize(e.Name, ArtifactJsonContext.Default.String));
            if (e.LinkTarget is not null)
            {
                text.Append('\t').Append(JsonSerializer.Serialize(e.LinkTarget, ArtifactJsonContext.Default.String));
            }

            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Parses manifest bytes read from the object <paramref name="digest"/>.</summary>
    /// <exception cref="ArtifactException">The bytes are not a manifest.</exception>
    public static DirectoryManifest Parse(byte[] bytes, string digest)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (!text.StartsWith(Header, StringComparison.Ordinal))
        {
            throw new ArtifactException($"Object {digest} is not a directory manifest.");
        }

        var entries = new List<ManifestEntry>();
        foreach (var line in text[Header.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length < 6)
            {
                throw new ArtifactException($"Object {digest} is a damaged directory manifest (line '{line}').");
            }

            var kind = f[0] switch
            {
                "f" => ManifestEntryKind.File,
                "d" => ManifestEntryKind.Directory,
                "l" => ManifestEntryKind.SymbolicLink,
                _ => throw new ArtifactException($"Object {digest} is a damaged directory manifest (kind '{f[0]}')."),
            };
            entries.Add(new ManifestEntry(
                JsonSerializer.Deserialize(f[5], ArtifactJsonContext.Default.String)!,
                kind,
                Convert.ToInt32(f[1], 8),
                long.Parse(f[2], CultureInfo.InvariantCulture),
                f[4] == "-" ? null : f[4],
                f.Length > 6 ? JsonSerializer.Deserialize(f[6], ArtifactJsonContext.Default.String) : null,
                long.Parse(f[3], CultureInfo.InvariantCulture)));
        }

        return new DirectoryManifest(entries);
    }
}
