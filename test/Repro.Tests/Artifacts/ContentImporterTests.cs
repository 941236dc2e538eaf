using Repro.Artifacts;

namespace Repro.Tests.Artifacts;

public sealed class ContentImporterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ObjectStore Objects => new(Path.Combine(_folder, "objects"));

    // Well past the racy window, so files written by the test count as settled.
    private static TimeProvider Later => new ShiftedTime(TimeSpan.FromMinutes(10));

    private string Tree()
    {
        var root = Path.Combine(_folder, "tree");
        Directory.CreateDirectory(Path.Combine(root, "a", "deep"));
        Directory.CreateDirectory(Path.Combine(root, "b"));
        File.WriteAllText(Path.Combine(root, "a", "deep", "x.txt"), "x");
        File.WriteAllText(Path.Combine(root, "b", "y.txt"), "y");
        File.WriteAllText(Path.Combine(root, "top.txt"), "top");
        return root;
    }

    private ImportResult Import(string path, StatCache cache, TimeProvider? time = null) =>
        new ContentImporter(Objects, cache, time ?? Later).Import(path);

    [Fact]
    public void A_change_deep_in_a_tree_rewrites_only_the_manifests_on_its_path()
    {
        var root = Tree();
        var first = Import(root, StatCache.Load(Path.Combine(_folder, "cache.bin")));
        var before = ManifestsByName(first.Digest);

        File.WriteAllText(Path.Combine(root, "a", "deep", "x.txt"), "x2");
        var second = Import(root, StatCache.Load(Path.Combine(_folder, "cache.bin")));
        var after = ManifestsByName(second.Digest);

        Assert.NotEqual(first.Digest, second.Digest);
        Assert.NotEqual(before["a"], after["a"]);
        Assert.NotEqual(before["a/deep"], after["a/deep"]);
        Assert.Equal(before["b"], after["b"]);
        // The new file, and the manifests of a/deep, a and the root: b and its file are reused as they are.
        Assert.Equal(4, second.NewObjects);
    }

    [Fact]
    public void An_unchanged_tree_is_recognised_by_the_stat_cache_without_reading_a_file()
    {
        var root = Tree();
        var cachePath = Path.Combine(_folder, "cache.bin");
        var first = Import(root, StatCache.Load(cachePath));

        var second = Import(root, StatCache.Load(cachePath));

        Assert.Equal(3, first.HashedFiles);
        Assert.Equal(0, second.HashedFiles);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public void Files_modified_within_two_seconds_are_hashed_again()
    {
        var root = Tree();
        var cachePath = Path.Combine(_folder, "cache.bin");
        var now = TimeProvider.System;

        Import(root, StatCache.Load(cachePath), now);
        var again = Import(root, StatCache.Load(cachePath), now);

        Assert.Equal(3, again.HashedFiles);
    }

    private Dictionary<string, string> ManifestsByName(string rootDigest)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(string digest, string prefix)
        {
            foreach (var entry in Objects.TryReadManifest(digest)!.Entries.Where(e => e.Kind == ManifestEntryKind.Directory))
            {
                var path = prefix + entry.Name;
                result[path] = entry.Digest!;
                Walk(entry.Digest!, path + "/");
            }
        }

        Walk(rootDigest, string.Empty);
        return result;
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
