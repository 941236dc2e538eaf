using System.Text;
using Repro.Artifacts;
using Repro.Artifacts.Remotes;

namespace Repro.Tests.Artifacts.Remotes;

/// <summary>
/// A plain local objects folder (<c>ROOT/objects/ab/&lt;rest&gt;</c>, downloads in <c>ROOT/tmp</c>) for the transfer
/// tests, with a tiny manifest format of its own: a first line <c>test-tree</c>, then one child digest a line.
/// The real object store adapts its own folder and manifest format to <see cref="ILocalObjects"/>.
/// </summary>
internal sealed class FolderLocalObjects : ILocalObjects, IDisposable
{
    private const string ManifestHeader = "test-tree\n";

    public FolderLocalObjects()
    {
        Root = Directory.CreateTempSubdirectory("repro-local-objects-").FullName;
    }

    public string Root { get; }

    public string TempFolder => Path.Combine(Root, "tmp");

    public bool Contains(string digest) => File.Exists(PathFor(digest));

    public string PathFor(string digest) =>
        Path.Combine(Root, "objects", digest.Substring(ContentDigest.Prefix.Length, 2), digest[(ContentDigest.Prefix.Length + 2)..]);

    public string CreateTempPath()
    {
        Directory.CreateDirectory(TempFolder);
        return Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + ".part");
    }

    public void Adopt(string tempPath, string digest)
    {
        var target = PathFor(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(tempPath, target, overwrite: true);
    }

    public IReadOnlyList<string> ChildrenOf(string path)
    {
        var header = new byte[ManifestHeader.Length];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || Encoding.ASCII.GetString(header) != ManifestHeader)
            {
                return [];
            }
        }

        return [.. File.ReadAllLines(path).Skip(1).Where(line => line.Length > 0)];
    }

    /// <summary>Stores file content and returns its digest.</summary>
    public string AddBlob(byte[] content)
    {
        var digest = ContentDigest.Of(content);
        Write(digest, content);
        return digest;
    }

    /// <summary>Stores a manifest listing the children (which need not be stored) and returns its digest.</summary>
    public string AddManifest(params string[] children)
    {
        var content = Encoding.ASCII.GetBytes(ManifestHeader + string.Concat(children.Select(c => c + "\n")));
        return AddBlob(content);
    }

    /// <summary>Every object the folder holds.</summary>
    public IReadOnlySet<string> All() =>
        Directory.Exists(Path.Combine(Root, "objects"))
            ? Directory.EnumerateFiles(Path.Combine(Root, "objects"), "*", SearchOption.AllDirectories)
                .Select(f => ContentDigest.Prefix + Path.GetFileName(Path.GetDirectoryName(f)) + Path.GetFileName(f))
                .ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change any test's outcome.
        }
    }

    private void Write(string digest, byte[] content)
    {
        var target = PathFor(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, content);
    }
}
