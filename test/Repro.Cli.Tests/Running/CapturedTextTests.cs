using Repro.Cli.Running;

namespace Repro.Cli.Tests.Running;

public sealed class CapturedTextTests
{
    [Fact]
    public void Text_within_the_bound_is_kept_whole()
    {
        var captured = new CapturedText(headLimit: 5, tailLimit: 5);

        captured.Append("abc");
        captured.Append("defghij");

        Assert.Equal("abcdefghij", captured.ToString());
    }

    [Fact]
    public void Longer_text_keeps_its_head_and_tail_with_a_note_between()
    {
        var captured = new CapturedText(headLimit: 4, tailLimit: 3);

        foreach (var chunk in new[] { "01", "2345", "6", "789" })
        {
            captured.Append(chunk);
        }

        Assert.Equal("0123\n[repro: 3 characters left out here; the first 4 and the last 3 are kept]\n789", captured.ToString());
        Assert.Equal(10, captured.TotalChars);
    }

    [Fact]
    public void A_chunk_longer_than_the_tail_keeps_its_own_end()
    {
        var captured = new CapturedText(headLimit: 2, tailLimit: 3);

        captured.Append("ab");
        captured.Append("cdefgh");

        Assert.EndsWith("]\nfgh", captured.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("ab\n[repro: 3 characters left out", captured.ToString(), StringComparison.Ordinal);
    }
}
