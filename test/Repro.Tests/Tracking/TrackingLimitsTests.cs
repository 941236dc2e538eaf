using Repro.Tracking;

namespace Repro.Tests.Tracking;

/// <summary>MLflow's key and value limits (mlflow/utils/validation.py: keys of at most 250 characters from
/// [A-Za-z0-9_\-. /], param values of at most 6000 characters, tag values of at most 8000).</summary>
public sealed class TrackingLimitsTests
{
    [Theory]
    [InlineData("loss")]
    [InlineData("train/loss")]
    [InlineData("val loss")]
    [InlineData("lr_0.01-warm")]
    [InlineData("a..b")]
    [InlineData("UPPER/lower/123")]
    public void Keys_made_of_the_allowed_characters_are_valid(string key) =>
        TrackingLimits.ValidateKey("metric", key);

    [Fact]
    public void A_key_of_exactly_the_maximum_length_is_valid() =>
        TrackingLimits.ValidateKey("param", new string('k', TrackingLimits.MaxKeyLength));

    [Fact]
    public void A_key_one_over_the_maximum_length_is_rejected_with_its_length_and_the_limit()
    {
        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateKey("param", new string('k', 251)));

        Assert.Contains("251 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit is 250", error.Message, StringComparison.Ordinal);
        Assert.Contains("param", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_key_is_rejected(string? key)
    {
        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateKey("tag", key));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loss!", '!', 4)]
    [InlineData("val:loss", ':', 3)]
    [InlineData("größe", 'ö', 2)]
    [InlineData("a\tb", '\t', 1)]
    [InlineData("a,b", ',', 1)]
    public void A_forbidden_character_is_named_with_its_position(string key, char bad, int position)
    {
        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateKey("metric", key));

        Assert.Contains($"'{bad}' at position {position}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/root")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    public void Keys_that_would_escape_a_folder_are_rejected(string key)
    {
        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateKey("tag", key));

        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Param_values_may_reach_but_not_pass_6000_characters()
    {
        TrackingLimits.ValidateParamValue("p", new string('v', 6000));
        TrackingLimits.ValidateParamValue("p", string.Empty);

        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateParamValue("p", new string('v', 6001)));

        Assert.Contains("'p'", error.Message, StringComparison.Ordinal);
        Assert.Contains("6001", error.Message, StringComparison.Ordinal);
        Assert.Contains("6000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_values_may_reach_but_not_pass_8000_characters()
    {
        TrackingLimits.ValidateTagValue("t", new string('v', 8000));

        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateTagValue("t", new string('v', 8001)));

        Assert.Contains("8000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_values_are_rejected()
    {
        Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateParamValue("p", null));
        Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateTagValue("t", null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public void Empty_or_control_character_names_are_rejected(string? name) =>
        Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateName("run", name));

    [Fact]
    public void Names_may_hold_any_printable_character_up_to_250()
    {
        TrackingLimits.ValidateName("experiment", "résumé: v2 (final!)");
        TrackingLimits.ValidateName("experiment", new string('n', 250));

        Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateName("experiment", new string('n', 251)));
    }

    [Fact]
    public void Messages_quote_long_keys_shortened()
    {
        var error = Assert.Throws<InvalidRunDataException>(() => TrackingLimits.ValidateKey("param", new string('k', 300)));

        Assert.True(error.Message.Length < 200, error.Message);
        Assert.Contains("...", error.Message, StringComparison.Ordinal);
    }
}
