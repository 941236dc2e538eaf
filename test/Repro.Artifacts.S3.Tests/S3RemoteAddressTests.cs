using Repro.Artifacts.Remotes;

namespace Repro.Artifacts.S3.Tests;

public sealed class S3RemoteAddressTests
{
    private const string Digest = "blake3:ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";

    [Fact]
    public void Bucket_prefix_endpoint_and_region_come_from_the_uri()
    {
        var (address, problems) = S3RemoteAddress.Parse(new Uri("s3://ml-artifacts/team/vision/?endpoint=http://127.0.0.1:4569&region=eu-west-1"));

        Assert.Empty(problems);
        Assert.Equal(new S3RemoteAddress("ml-artifacts", "team/vision", new Uri("http://127.0.0.1:4569"), "eu-west-1"), address);
        Assert.Equal("team/vision/objects/ab/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd", address!.KeyFor(Digest));
        Assert.Equal("team/vision/objects/ab/", address.FanOutPrefix("ab"));
    }

    [Fact]
    public void Without_a_prefix_objects_lie_at_the_bucket_root()
    {
        var (address, _) = S3RemoteAddress.Parse(new Uri("s3://ml-artifacts"));

        Assert.Equal("objects/ab/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd", address!.KeyFor(Digest));
        Assert.Null(address.Endpoint);
    }

    [Theory]
    [InlineData("s3://ab/x", "not a bucket name")]
    [InlineData("s3://-bucket/x", "not a bucket name")]
    [InlineData("s3://bucket/x?endpoint=ftp://host", "not an http:// or https:// URL")]
    [InlineData("s3://bucket/x?endpoint=http://key:secret@host", "without credentials")]
    [InlineData("s3://bucket/x?colour=blue", "unknown option 'colour'")]
    public void An_unusable_uri_gets_a_problem_that_says_what_is_wrong(string uri, string problem)
    {
        var problems = new S3RemoteProvider().Validate(new Uri(uri));

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Opening_with_only_half_of_the_credentials_is_refused()
    {
        var context = new RemoteContext(name => name == "AWS_ACCESS_KEY_ID" ? "AKIAEXAMPLE" : null);

        var error = Assert.Throws<RemoteException>(() => new S3RemoteProvider().Open(new Uri("s3://bucket/x"), context));

        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message);
    }

    [Fact]
    public void The_registry_opens_s3_uris_once_the_provider_is_registered()
    {
        var registry = new ObjectRemoteRegistry().Register(new S3RemoteProvider());
        var uri = registry.Parse("s3://bucket/prefix?endpoint=http://127.0.0.1:9", "/");

        using var remote = registry.Open(uri, new RemoteContext(_ => null));

        Assert.Equal("s3://bucket/prefix at http://127.0.0.1:9", remote.Address);
    }
}
