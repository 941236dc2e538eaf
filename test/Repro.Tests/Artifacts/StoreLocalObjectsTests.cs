using System.Text;
using Repro.Artifacts;

namespace Repro.Tests.Artifacts;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StoreLocalObjectsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repro-objects-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void An_adopted_download_becomes_a_read_only_object_and_its_temporary_file_is_gone()
    {
        var store = new ObjectStore(_root);
        var local = new StoreLocalObjects(store);
        var temp = local.CreateTempPath();
        File.WriteAllText(temp, "weights");
        var digest = ContentDigest.Of("weights"u8);

        local.Adopt(temp, digest);

        Assert.True(local.Contains(digest));
        Assert.Equal("weights", Encoding.UTF8.GetString(store.ReadAllBytes(digest)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(local.PathFor(digest)));
        Assert.False(File.Exists(temp));
        Assert.Empty(store.TempFiles());
    }

    [Fact]
    public void Adopting_an_object_the_store_already_holds_deletes_the_download_and_keeps_the_stored_file()
    {
        var store = new ObjectStore(_root);
        var local = new StoreLocalObjects(store);
        var digest = store.PutBytes("weights"u8);
        var before = File.GetLastWriteTimeUtc(store.PathOf(digest));
        var temp = local.CreateTempPath();
        File.WriteAllText(temp, "weights");

        local.Adopt(temp, digest);

        Assert.False(File.Exists(temp));
        Assert.Equal(before, File.GetLastWriteTimeUtc(store.PathOf(digest)));
    }

    [Fact]
    public void A_manifest_lists_its_file_and_folder_entries_but_not_its_links_and_file_content_lists_nothing()
    {
        var store = new ObjectStore(_root);
        var local = new StoreLocalObjects(store);
        var file = store.PutBytes("a"u8);
        var sub = store.PutBytes(new DirectoryManifest([new ManifestEntry("a.txt", ManifestEntryKind.File, Convert.ToInt32("644", 8), 1, file, null, 1)]).ToBytes());
        var root = store.PutBytes(new DirectoryManifest(
        [
            new ManifestEntry("sub", ManifestEntryKind.Directory, Convert.ToInt32("755", 8), 1, sub, null, 1),
            new ManifestEntry("link", ManifestEntryKind.SymbolicLink, Convert.ToInt32("777", 8), 0, null, "sub", 0),
        ]).ToBytes());
        var lookalike = store.PutBytes(Encoding.UTF8.GetBytes("repro-tree/0\nnot a manifest"));

        Assert.Equal([sub], local.ChildrenOf(store.PathOf(root)));
        Assert.Equal([file], local.ChildrenOf(store.PathOf(sub)));
        Assert.Empty(local.ChildrenOf(store.PathOf(file)));
        Assert.Empty(local.ChildrenOf(store.PathOf(lookalike)));
    }
}
