using System.Text;
using Repro.Cli.Running;

namespace Repro.Cli.Tests.Running;

public sealed class MetricLineParserTests
{
    private const long Now = 1_750_000_000_000;

    [Theory]
    [InlineData("""{"key": "loss", "value": 0.31, "step": 3}""", "loss", 0.31, 3L, Now)]
    [InlineData("""{"key":"loss","value":2}""", "loss", 2.0, 0L, Now)]
    [InlineData("""{"key": "val/acc", "value": 1e-3, "step": 4.0, "timestamp": 1700000000123.9}""", "val/acc", 0.001, 4L, 1700000000123L)]
    [InlineData("""{"key": "x", "value": "Infinity", "step": null, "extra": [1, 2]}""", "x", double.PositiveInfinity, 0L, Now)]
    [InlineData("""{"key": "x", "value": -Infinity}""", "x", double.NegativeInfinity, 0L, Now)]
    [InlineData("""{"key": "x", "value": NaN, "step": 2}""", "x", double.NaN, 2L, Now)]
    public void Valid_lines_become_points(string line, string key, double value, long step, long timestamp)
    {
        Assert.True(MetricLineParser.TryParse(Encoding.UTF8.GetBytes(line), Now, out var point, out var error), error);

        Assert.Equal((key, step, timestamp), (point.Key, point.Step, point.TimestampMs));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(point.Value));
    }

    [Theory]
    [InlineData("loss 0.3", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("""{"value": 1}""", "\"key\" is missing")]
    [InlineData("""{"key": 3, "value": 1}""", "\"key\" is missing or not a string")]
    [InlineData("""{"key": "a:b", "value": 1}""", "Invalid metric key 'a:b'")]
    [InlineData("""{"key": "loss"}""", "\"value\" is missing")]
    [InlineData("""{"key": "loss", "value": null}""", "\"value\" is missing or not a number")]
    [InlineData("""{"key": "loss", "value": "0.3"}""", "\"value\" is missing or not a number")]
    [InlineData("""{"key": "loss", "value": 1, "step": 2.5}""", "\"step\" is not an integer")]
    [InlineData("""{"key": "loss", "value": 1, "step": "3"}""", "\"step\" is not an integer")]
    [InlineData("""{"key": "loss", "value": 1, "timestamp": "today"}""", "\"timestamp\" is not a number")]
    [InlineData("""{"key": "NaN", "value": NaNa}""", "not valid JSON")]
    public void Bad_lines_are_rejected_with_a_reason(string line, string reason)
    {
        Assert.False(MetricLineParser.TryParse(Encoding.UTF8.GetBytes(line), Now, out _, out var error));

        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }
}
