using Repro.Artifacts.Remotes;

namespace Repro.Artifacts;

/// <summary>
/// The object store as the transfer engine sees it. Downloads land in the store's own <c>objects/tmp/</c>
/// (so gc removes what an interrupted pull leaves) and are adopted by the store's atomic, read-only publish.
/// The store's invariant (an object present means its whole tree is present) holds because the engine
/// adopts a manifest only after every entry it names.
/// </summary>
internal sealed class StoreLocalObjects(ObjectStore store) : ILocalObjects
{
    public bool Contains(string digest) => store.Contains(digest);

    public string PathFor(string digest) => store.PathOf(digest);

    public string CreateTempPath()
    {
        Directory.CreateDirectory(store.TempFolder);
        return Path.Combine(store.TempFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.pull.tmp");
    }

    public void Adopt(string tempPath, string digest) =>
        store.Publish(new StagedObject(digest, tempPath, new FileInfo(tempPath).Length), syncFolder: true);

    public IReadOnlyList<string> ChildrenOf(string path)
    {
        // Only the header is read for file content, so describing a tree of large files stays cheap.
        Span<byte> head = stackalloc byte[DirectoryManifest.HeaderBytes.Length];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head.SequenceEqual(DirectoryManifest.HeaderBytes))
            {
                return [];
            }
        }

        var manifest = DirectoryManifest.Parse(File.ReadAllBytes(path), $"at {path}");
        return [.. manifest.Entries.Where(e => e.Digest is not null).Select(e => e.Digest!)];
    }
}
