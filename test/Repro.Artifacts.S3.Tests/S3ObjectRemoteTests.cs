using Repro.Artifacts.Remotes;
using Repro.Artifacts.S3.Tests.Support;

namespace Repro.Artifacts.S3.Tests;

[Collection(S3rverCollection.Name)]
public sealed class S3ObjectRemoteTests(S3rverServer server)
{
    private readonly string _prefix = "t/" + Guid.NewGuid().ToString("N");

    [S3Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((5 << 20) + 123)]
    public async Task An_uploaded_object_downloads_byte_for_byte(int length)
    {
        var content = Content(length, seed: 7);
        var digest = ContentDigest.Of(content);
        using var remote = server.Open(_prefix);

        await remote.UploadAsync(digest, new MemoryStream(content), content.Length, CancellationToken.None);

        await using var download = await remote.OpenDownloadAsync(digest, CancellationToken.None);
        var copy = new MemoryStream();
        await download.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.True(await remote.ContainsAsync(digest, CancellationToken.None));
    }

    [S3Fact]
    public async Task Objects_lie_under_the_prefix_with_the_two_character_fan_out()
    {
        var content = Content(10, seed: 1);
        var digest = ContentDigest.Of(content);
        using var remote = server.Open(_prefix);

        await remote.UploadAsync(digest, new MemoryStream(content), content.Length, CancellationToken.None);

        var hex = digest["blake3:".Length..];
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(server.DataFolder, S3rverServer.Bucket), "*", SearchOption.AllDirectories),
            f => f.Replace('\\', '/').Contains($"{_prefix}/objects/{hex[..2]}/{hex[2..]}", StringComparison.Ordinal));
    }

    [S3Theory]
    [InlineData(4, null)]
    [InlineData(0, null)]
    [InlineData(0, 2)]
    public async Task Existence_is_found_by_head_requests_by_listing_and_across_listing_pages(int headUpTo, int? pageSize)
    {
        var present = Enumerable.Range(0, 12).Select(i => Content(3, seed: i)).ToList();
        var absent = Enumerable.Range(100, 5).Select(i => ContentDigest.Of(Content(3, seed: i))).ToList();
        using (var writer = server.Open(_prefix))
        {
            foreach (var content in present)
            {
                await writer.UploadAsync(ContentDigest.Of(content), new MemoryStream(content), content.Length, CancellationToken.None);
            }
        }

        // Digests that share a fan-out folder with present ones, so listings find neighbours they must ignore.
        var address = S3RemoteAddress.Parse(server.UriFor(_prefix)).Address!;
        using var remote = new S3ObjectRemote(S3RemoteProvider.CreateClient(address, S3rverServer.Context), address, headUpTo, pageSize);
        var asked = present.Take(8).Select(c => ContentDigest.Of(c)).Concat(absent).ToList();

        var existing = await remote.FindExistingAsync(asked, CancellationToken.None);

        Assert.Equal(present.Take(8).Select(c => ContentDigest.Of(c)).Order(), existing.Order());
    }

    [S3Fact]
    public async Task Opening_an_object_the_remote_lacks_fails_naming_it()
    {
        var absent = ContentDigest.Of(Content(3, seed: 5));
        using var remote = server.Open(_prefix);

        var error = await Assert.ThrowsAsync<RemoteException>(() => remote.OpenDownloadAsync(absent, CancellationToken.None));

        Assert.Contains(absent, error.Message);
        Assert.False(await remote.ContainsAsync(absent, CancellationToken.None));
    }

    [S3Fact]
    public async Task A_bucket_that_does_not_exist_is_named_in_the_error()
    {
        var uri = new Uri($"s3://no-such-bucket/x?endpoint={Uri.EscapeDataString(server.Endpoint.ToString())}");
        using var remote = new S3RemoteProvider().Open(uri, S3rverServer.Context);

        var error = await Assert.ThrowsAsync<RemoteException>(() => remote.UploadAsync(ContentDigest.Of([1]), new MemoryStream([1]), 1, CancellationToken.None));

        Assert.Contains("'no-such-bucket' does not exist", error.Message);
        Assert.False(error.IsTransient);
    }

    [S3Fact]
    public async Task Wrong_credentials_are_reported_as_refused_access_without_the_secret()
    {
        var context = new RemoteContext(name => name switch
        {
            "AWS_ACCESS_KEY_ID" => "NOT-S3RVER",
            "AWS_SECRET_ACCESS_KEY" => "not-the-secret",
            _ => null,
        });
        using var remote = new S3RemoteProvider().Open(server.UriFor(_prefix), context);
        var content = Content(3, seed: 9);

        var error = await Assert.ThrowsAsync<RemoteException>(() => remote.UploadAsync(ContentDigest.Of(content), new MemoryStream(content), 3, CancellationToken.None));

        Assert.Contains("access was refused", error.Message);
        Assert.DoesNotContain("not-the-secret", error.Message);
    }

    internal static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (seed * 17) + (i >> 8));
        }

        return bytes;
    }
}
