using Repro.Storage;

namespace Repro.Tests.Storage;

public sealed class RunOrderTests
{
    [Theory]
    [InlineData("metrics.loss", RunFieldKind.Metric, "loss", false)]
    [InlineData("metrics.loss ASC", RunFieldKind.Metric, "loss", false)]
    [InlineData("metrics.loss DESC", RunFieldKind.Metric, "loss", true)]
    [InlineData("metrics.loss desc", RunFieldKind.Metric, "loss", true)]
    [InlineData("  params.lr   Asc ", RunFieldKind.Param, "lr", false)]
    [InlineData("tags.`run group` DESC", RunFieldKind.Tag, "run group", true)]
    [InlineData("params.\"batch size\"", RunFieldKind.Param, "batch size", false)]
    [InlineData("start_time DESC", RunFieldKind.Attribute, "start_time", true)]
    [InlineData("attributes.run_name", RunFieldKind.Attribute, "run_name", false)]
    [InlineData("attributes.created desc", RunFieldKind.Attribute, "start_time", true)]
    [InlineData("end_time", RunFieldKind.Attribute, "end_time", false)]
    public void A_field_and_an_optional_direction_parse(string expression, RunFieldKind kind, string key, bool descending) =>
        Assert.Equal(new RunOrder(new RunField(kind, key), descending), RunOrder.Parse(expression));

    [Theory]
    [InlineData("metrics.loss DOWN", "expected ASC or DESC")]
    [InlineData("metrics.loss DESC extra", "unexpected 'extra'")]
    [InlineData("metrics.loss, params.lr", "unexpected ', params.lr'")]
    [InlineData("", "expected a field")]
    [InlineData("colour DESC", "Invalid field 'colour'")]
    [InlineData("metrics.`loss DESC", "unterminated")]
    public void Malformed_order_by_expressions_fail_with_a_position(string expression, string message)
    {
        var error = Assert.Throws<InvalidQueryException>(() => RunOrder.Parse(expression));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Position, 0, expression.Length);
    }

    [Fact]
    public void Null_is_an_argument_error() => Assert.Throws<ArgumentNullException>(() => RunOrder.Parse(null!));
}
