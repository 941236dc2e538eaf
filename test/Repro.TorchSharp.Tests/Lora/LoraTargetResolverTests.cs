using Repro.TorchSharp.Lora;

namespace Repro.TorchSharp.Tests.Lora;

public sealed class LoraTargetResolverTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("fc1", "fc1", 0)]
    [InlineData("fc1", "fc2", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("layers.0", "layer.0", 1)]
    public void Edit_distance_counts_single_character_edits(string a, string b, int expected)
    {
        Assert.Equal(expected, LoraTargetResolver.EditDistance(a, b));
        Assert.Equal(expected, LoraTargetResolver.EditDistance(b, a));
    }

    [Fact]
    public void Nearest_names_are_close_ones_closest_first_and_at_most_three()
    {
        var names = new[] { "layers.0", "layers.1", "layers.2", "layers.10", "head", "embedding" };

        var near = LoraTargetResolver.Nearest("layer.1", names);

        Assert.Equal(["layers.1", "layers.0", "layers.10"], near);
    }

    [Fact]
    public void No_name_is_suggested_when_none_is_close()
    {
        Assert.Empty(LoraTargetResolver.Nearest("decoder.attention", ["fc1", "fc2"]));
    }

    [Theory]
    [InlineData("*.fc2", "block.fc2", true)]
    [InlineData("*.fc2", "a.b.fc2", true)]
    [InlineData("*.fc2", "fc2", false)]
    [InlineData("*.fc2", "block.fc20", false)]
    [InlineData("layers.*", "layers.0", true)]
    [InlineData("layers.*", "layers", false)]
    [InlineData("fc*", "fc1", true)]
    [InlineData("f.1", "fx1", false)]
    public void A_star_matches_any_run_of_characters_and_the_rest_matches_itself(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, LoraTargetResolver.Matches(pattern, name));
    }
}
