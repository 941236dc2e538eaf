using Repro.Artifacts;

namespace Repro.Tests.Artifacts;

public sealed class ContentDigestTests
{
    // Published BLAKE3 test vectors (BLAKE3-team/BLAKE3, test_vectors/test_vectors.json): the input of
    // length n is the bytes 0, 1, ..., 250, 0, 1, ...; the default 32-byte hash is the first 64 hex characters.
    [Theory]
    [InlineData(0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [InlineData(1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213")]
    [InlineData(1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444")]
    public void Digests_match_the_published_blake3_test_vectors(int length, string hash)
    {
        var input = TestVectorInput(length);

        Assert.Equal("blake3:" + hash, ContentDigest.Of(input));
        Assert.Equal("blake3:" + hash, ContentDigest.Of(new MemoryStream(input)));
    }

    [Fact]
    public void A_file_larger_than_one_read_block_digests_like_its_bytes()
    {
        var input = TestVectorInput((3 << 20) + 17);
        var path = Path.Combine(Path.GetTempPath(), "repro-digest-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, input);
        try
        {
            Assert.Equal(ContentDigest.Of(input), ContentDigest.OfFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_reports_no_length_is_hashed_as_a_stream()
    {
        // procfs files report length 0 but have content: the parallel file path sees more bytes than it hashed.
        // Repro's tests run on Linux (CI included), where /proc/version always exists.
        const string path = "/proc/version";

        Assert.NotEmpty(File.ReadAllBytes(path));
        Assert.Equal(ContentDigest.Of(File.ReadAllBytes(path)), ContentDigest.OfFile(path));
    }

    private static byte[] TestVectorInput(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 251))];
}
