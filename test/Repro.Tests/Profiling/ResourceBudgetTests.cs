using Repro.Profiling;

namespace Repro.Tests.Profiling;

public sealed class ResourceBudgetTests
{
    [Theory]
    [InlineData("4GB", 4_000_000_000L)]
    [InlineData("512MiB", 512L * 1024 * 1024)]
    [InlineData("1.5G", 1610612736L)]
    [InlineData("100 mb", 100_000_000L)]
    [InlineData("2048", 2048L)]
    [InlineData("1KiB", 1024L)]
    public void Sizes_parse_with_decimal_and_binary_units(string text, long bytes) =>
        Assert.Equal(bytes, ResourceBudget.ParseBytes("--max-memory", text));

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d", 86400)]
    [InlineData("0.5s", 0.5)]
    public void Durations_parse_with_units_and_combinations(string text, double seconds) =>
        Assert.Equal(seconds, ResourceBudget.ParseDuration("--max-time", text).TotalSeconds);

    [Theory]
    [InlineData("4XB")]
    [InlineData("lots")]
    [InlineData("-1GB")]
    [InlineData("0")]
    [InlineData("")]
    public void A_size_that_does_not_parse_is_one_clear_error(string text)
    {
        var error = Assert.Throws<InvalidBudgetException>(() => ResourceBudget.ParseBytes("--max-memory", text));

        Assert.StartsWith($"Invalid --max-memory '{text}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("10m5")]
    [InlineData("0s")]
    [InlineData("5w")]
    public void A_duration_that_does_not_parse_is_one_clear_error(string text)
    {
        var error = Assert.Throws<InvalidBudgetException>(() => ResourceBudget.ParseDuration("--max-time", text));

        Assert.StartsWith($"Invalid --max-time '{text}'", error.Message, StringComparison.Ordinal);
    }
}
