using Repro.Randomness;

namespace Repro.Tests.Randomness;

public sealed class StablePathHashTests
{
    // FNV-1a 64 reference values from the FNV authors' test suite (Fowler, Noll, Vo;
    // http://www.isthe.com/chongo/tech/comp/fnv/): "", "a" and "foobar".
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Hash_is_FNV_1a_64_over_UTF8_bytes(string path, ulong expected)
    {
        Assert.Equal(expected, StablePathHash.Compute(path));
    }

    [Fact]
    public void Long_and_non_ASCII_paths_hash_their_UTF8_bytes()
    {
        var longPath = string.Concat(Enumerable.Repeat("layer/é/", 100));

        var expected = 0xcbf29ce484222325UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(longPath))
        {
            expected = (expected ^ b) * 0x100000001b3UL;
        }

        Assert.Equal(expected, StablePathHash.Compute(longPath));
    }
}
