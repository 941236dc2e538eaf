using Repro.Artifacts;
using Repro.Artifacts.Remotes;

namespace Repro.Tests.Artifacts.Remotes;

public sealed class FolderObjectRemoteTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repro-remote-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_uploaded_object_lies_under_the_two_character_fan_out_and_reads_back()
    {
        byte[] content = [1, 2, 3, 4];
        var digest = ContentDigest.Of(content);
        using var remote = new FolderObjectRemote(_root);

        await remote.UploadAsync(digest, new MemoryStream(content), content.Length, CancellationToken.None);

        var hex = digest["blake3:".Length..];
        Assert.True(File.Exists(Path.Combine(_root, "objects", hex[..2], hex[2..])));
        await using var download = await remote.OpenDownloadAsync(digest, CancellationToken.None);
        var copy = new MemoryStream();
        await download.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Content_of_the_wrong_length_is_refused_and_leaves_no_object(int declaredLength)
    {
        byte[] content = [1, 2, 3, 4];
        var digest = ContentDigest.Of(content);
        using var remote = new FolderObjectRemote(_root);

        var error = await Assert.ThrowsAsync<RemoteException>(() => remote.UploadAsync(digest, new MemoryStream(content), declaredLength, CancellationToken.None));

        Assert.Contains(digest, error.Message);
        Assert.False(await remote.ContainsAsync(digest, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task Existence_is_answered_for_a_batch()
    {
        byte[] content = [7];
        var present = ContentDigest.Of(content);
        var absent = ContentDigest.Of([8]);
        using var remote = new FolderObjectRemote(_root);
        await remote.UploadAsync(present, new MemoryStream(content), 1, CancellationToken.None);

        var existing = await remote.FindExistingAsync([present, absent], CancellationToken.None);

        Assert.Equal([present], existing);
    }

    [Fact]
    public async Task Opening_an_object_the_remote_lacks_fails_naming_it()
    {
        var absent = ContentDigest.Of([8]);
        using var remote = new FolderObjectRemote(_root);

        var error = await Assert.ThrowsAsync<RemoteException>(() => remote.OpenDownloadAsync(absent, CancellationToken.None));

        Assert.Contains(absent, error.Message);
    }

    [Theory]
    [InlineData("sha256:00")]
    [InlineData("blake3:ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("blake3:../../etc/passwd")]
    public async Task A_malformed_digest_is_refused_before_touching_the_folder(string digest)
    {
        using var remote = new FolderObjectRemote(_root);

        await Assert.ThrowsAsync<ArgumentException>(() => remote.ContainsAsync(digest, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }
}
