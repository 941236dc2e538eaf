using Repro.Artifacts.Hashing;
using Repro.Randomness;

namespace Repro.Tests.Artifacts.Hashing;

public sealed class Blake3HasherTests
{
    public static readonly TheoryData<int, int> Splits = new()
    {
        // (content length, largest update): updates of random sizes up to the bound, so pieces straddle
        // blocks, chunks, the 64 KiB buffer and power-of-two subtrees.
        { 0, 1 },
        { 1, 1 },
        { 1024, 1024 },
        { 1025, 64 },
        { 100_000, 1 << 10 },
        { (64 << 10) - 1, 70_000 },
        { 64 << 10, 64 << 10 },
        { (64 << 10) + 1, 64 << 10 },
        { (300 << 10) + 5, 100_000 },
        { 2 << 20, 1 << 20 },
        { (2 << 20) + 777, 2 << 20 },
        { (3 << 20) + 1, 700_000 },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Content_in_random_pieces_digests_like_the_reference_package_on_every_path(int length, int largestUpdate)
    {
        var input = Blake3DigestTests.RandomBytes(length, "tests/blake3/hasher/" + length);
        var expected = Convert.ToHexStringLower(Blake3.Hasher.Hash(input).AsSpan());
        var sizes = new RandomStream(20261127, $"tests/blake3/hasher/{length}/{largestUpdate}");

        foreach (var options in Blake3DigestTests.AllOptions())
        {
            var hasher = new Blake3Hasher(options);
            for (var offset = 0; offset < length;)
            {
                var size = Math.Min(sizes.NextInt(largestUpdate + 1), length - offset);
                hasher.Update(input.AsSpan(offset, size));
                offset += size;
            }

            Assert.Equal(expected, Finalize(hasher));
        }
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(64 << 10)]
    public void Updates_of_a_power_of_two_digest_like_one_update(int update)
    {
        var input = Blake3DigestTests.RandomBytes(4 * update, "tests/blake3/hasher/aligned");
        var hasher = new Blake3Hasher();

        for (var offset = 0; offset < input.Length; offset += update)
        {
            hasher.Update(input.AsSpan(offset, update));
        }

        Assert.Equal(Convert.ToHexStringLower(Blake3.Hasher.Hash(input).AsSpan()), Finalize(hasher));
    }

    [Fact]
    public void Finalizing_does_not_end_the_content()
    {
        var input = Blake3DigestTests.RandomBytes(200_000, "tests/blake3/hasher/twice");
        var hasher = new Blake3Hasher();
        hasher.Update(input.AsSpan(0, 150_000));
        var first = Finalize(hasher);

        hasher.Update(input.AsSpan(150_000));

        Assert.Equal(Convert.ToHexStringLower(Blake3.Hasher.Hash(input.AsSpan(0, 150_000)).AsSpan()), first);
        Assert.Equal(Convert.ToHexStringLower(Blake3.Hasher.Hash(input).AsSpan()), Finalize(hasher));
    }

    private static string Finalize(Blake3Hasher hasher)
    {
        var digest = new byte[32];
        hasher.Finalize(digest);
        return Convert.ToHexStringLower(digest);
    }
}
