using Repro.Artifacts.Remotes;
using Repro.Artifacts.S3.Tests.Support;
using Repro.Tests.Artifacts.Remotes;

namespace Repro.Artifacts.S3.Tests;

/// <summary>The transfer engine end to end against a real S3-compatible server.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3TransferTests(S3rverServer server) : IDisposable
{
    private readonly string _prefix = "t/" + Guid.NewGuid().ToString("N");
    private readonly FolderLocalObjects _local = new();
    private readonly FolderLocalObjects _otherLocal = new();

    public void Dispose()
    {
        _local.Dispose();
        _otherLocal.Dispose();
    }

    [S3Fact]
    public async Task A_tree_pushed_to_s3_pulls_back_byte_for_byte_and_a_second_push_uploads_nothing()
    {
        var tree = new SampleTree(_local);
        using var remote = server.Open(_prefix);

        var pushed = await new ObjectTransfer(_local, remote, new TransferOptions { Parallelism = 4 }).PushAsync([tree.Root], CancellationToken.None);
        var again = await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        var pulled = await new ObjectTransfer(_otherLocal, remote, new TransferOptions { Parallelism = 4 }).PullAsync([tree.Root], CancellationToken.None);

        Assert.Equal(tree.All.Count, pushed.Transferred);
        Assert.Equal(new TransferSummary(0, 1, 0), again);
        Assert.Equal(tree.All.Count, pulled.Transferred);
        foreach (var digest in tree.All)
        {
            Assert.Equal(File.ReadAllBytes(_local.PathFor(digest)), File.ReadAllBytes(_otherLocal.PathFor(digest)));
        }
    }

    [S3Fact]
    public async Task A_corrupt_object_on_s3_fails_the_pull_naming_both_digests_and_nothing_above_it_is_adopted()
    {
        var tree = new SampleTree(_local);
        using var remote = server.Open(_prefix);
        await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        var victim = tree.TopFile;
        var stored = StoredFile(victim);
        var bytes = File.ReadAllBytes(stored);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(stored, bytes);

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => new ObjectTransfer(_otherLocal, remote).PullAsync([tree.Root], CancellationToken.None));

        Assert.Equal(victim, error.ExpectedDigest);
        Assert.Contains(error.ActualDigest, error.Message);
        Assert.False(_otherLocal.Contains(victim));
        Assert.False(_otherLocal.Contains(tree.Root));
        Assert.Empty(Directory.EnumerateFiles(_otherLocal.TempFolder));
    }

    [S3Fact]
    public async Task A_corrupt_local_object_never_completes_an_upload_to_s3()
    {
        var tree = new SampleTree(_local);
        var victim = tree.TopFile;
        var path = _local.PathFor(victim);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        using var remote = server.Open(_prefix);

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None));

        Assert.Equal(victim, error.ExpectedDigest);
        Assert.False(await remote.ContainsAsync(victim, CancellationToken.None));
        Assert.False(await remote.ContainsAsync(tree.Root, CancellationToken.None));
    }

    /// <summary>The file in which s3rver keeps an object's bytes.</summary>
    private string StoredFile(string digest)
    {
        var key = $"{_prefix}/{RemoteObjectLayout.KeyFor(digest)}";
        var folder = Path.Combine(server.DataFolder, S3rverServer.Bucket, Path.GetDirectoryName(key)!);
        return Directory.EnumerateFiles(folder, Path.GetFileName(key) + "*").Single(f => f.EndsWith("._S3rver_object", StringComparison.Ordinal));
    }
}
