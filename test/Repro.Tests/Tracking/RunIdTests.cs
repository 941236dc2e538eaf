using Repro.Tracking;

namespace Repro.Tests.Tracking;

public sealed class RunIdTests
{
    [Fact]
    public void A_new_id_is_32_lowercase_hex_characters()
    {
        var id = RunId.New();

        Assert.Equal(32, id.Value.Length);
        Assert.Matches("^[0-9a-f]{32}$", id.Value);
        Assert.Equal(id.Value, id.ToString());
    }

    [Fact]
    public void New_ids_differ()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RunId.New().Value).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void Parsing_a_printed_id_gives_an_equal_id()
    {
        var id = RunId.New();

        var parsed = RunId.Parse(id.ToString());

        Assert.Equal(id, parsed);
        Assert.True(RunId.TryParse(id.Value, out var tried));
        Assert.Equal(id, tried);
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData(" 0123456789abcdef0123456789abcde")]
    [InlineData("")]
    public void Anything_but_32_lowercase_hex_characters_is_not_an_id(string text)
    {
        Assert.False(RunId.TryParse(text, out _));
        var error = Assert.Throws<InvalidRunDataException>(() => RunId.Parse(text));
        Assert.Contains("32 lowercase hexadecimal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_not_an_id()
    {
        Assert.False(RunId.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => RunId.Parse(null!));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("0f9e", true)]
    [InlineData("", false)]
    [InlineData("0F", false)]
    [InlineData("xyz", false)]
    public void IsHex_accepts_only_non_empty_lowercase_hex(string text, bool expected) =>
        Assert.Equal(expected, RunId.IsHex(text));

    [Fact]
    public void The_default_id_prints_as_empty() => Assert.Equal(string.Empty, default(RunId).ToString());
}
