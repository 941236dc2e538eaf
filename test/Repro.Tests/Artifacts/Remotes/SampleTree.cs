using System.Text;

namespace Repro.Tests.Artifacts.Remotes;

/// <summary>
/// A small artifact tree in a local objects folder: a root manifest over two folders (a, b) and a file,
/// each folder a manifest over a few files; one file's content appears in two folders.
/// </summary>
internal sealed class SampleTree
{
    public SampleTree(FolderLocalObjects local)
    {
        SharedFile = local.AddBlob(Encoding.UTF8.GetBytes("shared by both folders"));
        FilesOfA = [local.AddBlob(Encoding.UTF8.GetBytes("a/1")), local.AddBlob(Encoding.UTF8.GetBytes("a/2")), SharedFile];
        FilesOfB = [local.AddBlob(Encoding.UTF8.GetBytes("b/1")), SharedFile];
        TopFile = local.AddBlob(new byte[3 << 20]);
        FolderA = local.AddManifest(FilesOfA);
        FolderB = local.AddManifest(FilesOfB);
        Root = local.AddManifest(FolderA, FolderB, TopFile);
    }

    public string Root { get; }

    public string FolderA { get; }

    public string FolderB { get; }

    public string TopFile { get; }

    public string SharedFile { get; }

    public string[] FilesOfA { get; }

    public string[] FilesOfB { get; }

    public IReadOnlySet<string> All =>
        new HashSet<string>([Root, FolderA, FolderB, TopFile, .. FilesOfA, .. FilesOfB], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string[]> Manifests => new Dictionary<string, string[]>
    {
        [Root] = [FolderA, FolderB, TopFile],
        [FolderA] = FilesOfA,
        [FolderB] = FilesOfB,
    };
}
