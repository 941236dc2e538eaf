using Repro.Storage;
using Repro.Tracking;

namespace Repro.Tests.Storage;

public sealed class RunBatchTests
{
    [Fact]
    public void A_batch_within_the_limits_validates()
    {
        var batch = new RunBatch(
            [new MetricPoint("loss", double.NaN, 0, 0)],
            [KeyValuePair.Create("lr", new string('1', TrackingLimits.MaxParamValueLength))],
            [KeyValuePair.Create("note", new string('n', TrackingLimits.MaxTagValueLength))]);

        batch.Validate();
    }

    [Fact]
    public void An_invalid_metric_key_fails_validation() =>
        Assert.Throws<InvalidRunDataException>(RunBatch.OfMetrics([new MetricPoint("bad key!", 1, 0, 0)]).Validate);

    [Fact]
    public void An_over_long_param_value_fails_validation() =>
        Assert.Throws<InvalidRunDataException>(RunBatch.OfParams(KeyValuePair.Create("lr", new string('1', 6001))).Validate);

    [Fact]
    public void An_invalid_tag_key_fails_validation() =>
        Assert.Throws<InvalidRunDataException>(RunBatch.OfTags(KeyValuePair.Create("", "v")).Validate);

    [Fact]
    public void The_single_kind_batches_carry_only_their_kind()
    {
        var metrics = RunBatch.OfMetrics([new MetricPoint("loss", 1, 0, 0)], heartbeatMs: 5);
        var parameters = RunBatch.OfParams(KeyValuePair.Create("lr", "1"));
        var tags = RunBatch.OfTags(KeyValuePair.Create("team", "a"));

        Assert.Equal((1, 0, 0, 5L), (metrics.Metrics.Count, metrics.Params.Count, metrics.Tags.Count, metrics.HeartbeatMs));
        Assert.Equal((0, 1, 0, (long?)null), (parameters.Metrics.Count, parameters.Params.Count, parameters.Tags.Count, parameters.HeartbeatMs));
        Assert.Equal((0, 0, 1), (tags.Metrics.Count, tags.Params.Count, tags.Tags.Count));
    }
}
