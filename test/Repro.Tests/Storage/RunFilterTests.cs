using Repro.Storage;

namespace Repro.Tests.Storage;

/// <summary>MLflow's search-runs filter grammar (mlflow.org/docs: "Search Runs").</summary>
public sealed class RunFilterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_filter_lets_every_run_through(string? expression) =>
        Assert.Same(RunFilter.Empty, RunFilter.Parse(expression));

    [Fact]
    public void A_numeric_comparison_on_a_metric_parses_to_a_number()
    {
        var clause = Assert.Single(RunFilter.Parse("metrics.loss < 0.5").Clauses);

        Assert.Equal(new RunField(RunFieldKind.Metric, "loss"), clause.Field);
        Assert.Equal(FilterOperator.Less, clause.Operator);
        Assert.Equal(0.5, clause.Number);
        Assert.Null(clause.Text);
    }

    [Theory]
    [InlineData("metrics.acc = 1", FilterOperator.Equal)]
    [InlineData("metrics.acc == 1", FilterOperator.Equal)]
    [InlineData("metrics.acc != 1", FilterOperator.NotEqual)]
    [InlineData("metrics.acc <> 1", FilterOperator.NotEqual)]
    [InlineData("metrics.acc < 1", FilterOperator.Less)]
    [InlineData("metrics.acc <= 1", FilterOperator.LessOrEqual)]
    [InlineData("metrics.acc > 1", FilterOperator.Greater)]
    [InlineData("metrics.acc >= 1", FilterOperator.GreaterOrEqual)]
    [InlineData("metrics.acc>=1", FilterOperator.GreaterOrEqual)]
    public void Every_numeric_comparison_parses(string expression, FilterOperator expected) =>
        Assert.Equal(expected, Assert.Single(RunFilter.Parse(expression).Clauses).Operator);

    [Theory]
    [InlineData("metrics.loss < 1e-3", 1e-3)]
    [InlineData("metrics.loss > -2", -2.0)]
    [InlineData("metrics.loss > +2.5", 2.5)]
    [InlineData("metrics.loss < 1E+10", 1e10)]
    public void Numbers_may_be_signed_and_in_exponent_form(string expression, double expected) =>
        Assert.Equal(expected, Assert.Single(RunFilter.Parse(expression).Clauses).Number);

    [Theory]
    [InlineData("metrics.loss < 0.5 AND params.lr = '0.01'")]
    [InlineData("metrics.loss < 0.5 and params.lr = '0.01'")]
    [InlineData("metrics.loss < 0.5 And params.lr = '0.01'")]
    [InlineData("  metrics.loss<0.5   aNd   params.lr='0.01'  ")]
    public void Clauses_are_joined_by_AND_in_any_case(string expression)
    {
        var clauses = RunFilter.Parse(expression).Clauses;

        Assert.Equal(2, clauses.Count);
        Assert.Equal(new RunField(RunFieldKind.Metric, "loss"), clauses[0].Field);
        Assert.Equal(new RunField(RunFieldKind.Param, "lr"), clauses[1].Field);
        Assert.Equal("0.01", clauses[1].Text);
    }

    [Theory]
    [InlineData("metrics.`val loss` < 1", RunFieldKind.Metric, "val loss")]
    [InlineData("params.\"batch size\" = '32'", RunFieldKind.Param, "batch size")]
    [InlineData("tags.`mlflow.user` = 'ada'", RunFieldKind.Tag, "mlflow.user")]
    [InlineData("tags.`odd``key` = 'x'", RunFieldKind.Tag, "odd`key")]
    [InlineData("metrics.train/loss < 1", RunFieldKind.Metric, "train/loss")]
    [InlineData("metric.loss < 1", RunFieldKind.Metric, "loss")]
    [InlineData("param.lr = '1'", RunFieldKind.Param, "lr")]
    [InlineData("parameters.lr = '1'", RunFieldKind.Param, "lr")]
    [InlineData("tag.team = 'a'", RunFieldKind.Tag, "team")]
    [InlineData("METRICS.loss < 1", RunFieldKind.Metric, "loss")]
    public void Keys_may_be_quoted_with_backticks_or_double_quotes_and_prefixes_have_aliases(string expression, RunFieldKind kind, string key) =>
        Assert.Equal(new RunField(kind, key), Assert.Single(RunFilter.Parse(expression).Clauses).Field);

    [Theory]
    [InlineData("tags.note = 'plain'", "plain")]
    [InlineData("tags.note = \"double quoted\"", "double quoted")]
    [InlineData("tags.note = 'it''s'", "it's")]
    [InlineData("tags.note = ''", "")]
    [InlineData("tags.note = 'a AND b'", "a AND b")]
    public void String_values_are_single_or_double_quoted_with_doubled_quotes_escaping(string expression, string expected) =>
        Assert.Equal(expected, Assert.Single(RunFilter.Parse(expression).Clauses).Text);

    [Theory]
    [InlineData("tags.team IN ('vision', \"speech\")", FilterOperator.In)]
    [InlineData("tags.team in ('vision','speech')", FilterOperator.In)]
    [InlineData("tags.team NOT IN ('vision', 'speech')", FilterOperator.NotIn)]
    [InlineData("tags.team not   in ( 'vision' , 'speech' )", FilterOperator.NotIn)]
    public void IN_and_NOT_IN_take_a_list_of_strings(string expression, FilterOperator expected)
    {
        var clause = Assert.Single(RunFilter.Parse(expression).Clauses);

        Assert.Equal(expected, clause.Operator);
        Assert.Equal(["vision", "speech"], clause.Values);
    }

    [Theory]
    [InlineData("tags.team LIKE 'vis%'", FilterOperator.Like)]
    [InlineData("tags.team like 'vis%'", FilterOperator.Like)]
    [InlineData("params.opt ILIKE 'vis%'", FilterOperator.ILike)]
    [InlineData("run_name ilike 'vis%'", FilterOperator.ILike)]
    public void LIKE_and_ILIKE_apply_to_strings(string expression, FilterOperator expected)
    {
        var clause = Assert.Single(RunFilter.Parse(expression).Clauses);

        Assert.Equal(expected, clause.Operator);
        Assert.Equal("vis%", clause.Text);
    }

    [Theory]
    [InlineData("status = 'FINISHED'", "status")]
    [InlineData("attributes.status = 'FINISHED'", "status")]
    [InlineData("attribute.status = 'FINISHED'", "status")]
    [InlineData("attr.status = 'FINISHED'", "status")]
    [InlineData("run.status = 'FINISHED'", "status")]
    [InlineData("run_id = 'abc'", "run_id")]
    [InlineData("attributes.id = 'abc'", "run_id")]
    [InlineData("run_name = 'abc'", "run_name")]
    [InlineData("attributes.name = 'abc'", "run_name")]
    [InlineData("start_time > 5", "start_time")]
    [InlineData("attributes.created > 5", "start_time")]
    [InlineData("end_time <= 5", "end_time")]
    [InlineData("STATUS = 'FINISHED'", "status")]
    public void Attributes_are_named_with_or_without_their_prefix(string expression, string attribute) =>
        Assert.Equal(new RunField(RunFieldKind.Attribute, attribute), Assert.Single(RunFilter.Parse(expression).Clauses).Field);

    [Fact]
    public void Times_compare_as_numbers_and_names_as_strings()
    {
        var clauses = RunFilter.Parse("start_time >= 1700000000000 and run_name != 'x'").Clauses;

        Assert.Equal(1_700_000_000_000d, clauses[0].Number);
        Assert.True(clauses[0].Field.IsNumeric);
        Assert.Equal("x", clauses[1].Text);
        Assert.False(clauses[1].Field.IsNumeric);
    }

    [Theory]
    [InlineData("status = 'finished'")]
    [InlineData("status != 'Finished'")]
    public void Status_values_compare_in_upper_case(string expression) =>
        Assert.Equal("FINISHED", Assert.Single(RunFilter.Parse(expression).Clauses).Text);

    [Fact]
    public void Status_lists_compare_in_upper_case_like_status_equality()
    {
        var clause = Assert.Single(RunFilter.Parse("status IN ('finished', 'Failed')").Clauses);

        Assert.Equal(["FINISHED", "FAILED"], clause.Values);
    }

    [Fact]
    public void Three_clauses_keep_their_order()
    {
        var clauses = RunFilter.Parse("status = 'RUNNING' AND metrics.acc >= 0.9 and params.opt ILIKE 'AD%'").Clauses;

        Assert.Equal([RunFieldKind.Attribute, RunFieldKind.Metric, RunFieldKind.Param], clauses.Select(c => c.Field.Kind));
    }

    // --- malformed: an InvalidQueryException that says where ---

    [Theory]
    [InlineData("metrics.loss < 0.5 OR params.lr = '1'", 19, "OR is not supported")]
    [InlineData("metrics.loss < 0.5 params.lr = '1'", 19, "expected AND")]
    [InlineData("metrics.loss <", 14, "expected a number")]
    [InlineData("metrics.loss = abc", 15, "expected a number")]
    [InlineData("params.lr = ", 12, "expected a quoted value")]
    [InlineData("tags.team = vision", 12, "expected a quoted value")]
    [InlineData("params.lr = '0.01", 12, "unterminated")]
    [InlineData("tags.team = \"vision", 12, "unterminated")]
    [InlineData("metrics.`val loss < 1", 8, "unterminated")]
    [InlineData("colour = 'red'", 0, "Invalid field 'colour'")]
    [InlineData("attributes.colour = 'red'", 0, "Invalid field 'colour'")]
    [InlineData("metrics. < 1", 8, "expected a key")]
    [InlineData("= 1", 0, "expected a field")]
    [InlineData("metrics.loss < 1 and", 20, "expected a field")]
    [InlineData("params.opt NOT ('a')", 15, "expected IN after NOT")]
    [InlineData("tags.t IN 'a'", 10, "parenthesised list")]
    [InlineData("tags.t IN ('a' 'b')", 15, "expected ',' or ')'")]
    [InlineData("tags.t IN ()", 11, "expected a quoted value in the list")]
    [InlineData("tags.t IN ('a',", 15, "expected a quoted value in the list")]
    public void Malformed_filters_fail_with_the_position_of_the_problem(string expression, int position, string message)
    {
        var error = Assert.Throws<InvalidQueryException>(() => RunFilter.Parse(expression));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("params.lr < '0.1'", "is a string")]
    [InlineData("tags.team >= 'a'", "is a string")]
    [InlineData("run_name > 'a'", "is a string")]
    [InlineData("metrics.loss LIKE '0.%'", "is numeric")]
    [InlineData("metrics.loss ILIKE '0.%'", "is numeric")]
    [InlineData("metrics.loss IN ('1')", "is numeric")]
    [InlineData("start_time LIKE '17%'", "is numeric")]
    [InlineData("metrics.loss = '0.5'", "is numeric")]
    [InlineData("params.lr = 0.5", "is a string")]
    [InlineData("metrics.loss 0.5", "expected a comparison")]
    [InlineData("metrics.loss BETWEEN 1", "expected a comparison")]
    public void Comparisons_that_do_not_fit_the_field_type_fail_with_a_position(string expression, string message)
    {
        var error = Assert.Throws<InvalidQueryException>(() => RunFilter.Parse(expression));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Position, 0, expression.Length);
        Assert.Contains($"position {error.Position}", error.Message, StringComparison.Ordinal);
    }
}
