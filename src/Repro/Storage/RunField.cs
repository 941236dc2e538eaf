namespace Repro.Storage;

/// <summary>Which part of a run a filter or sort key refers to.</summary>
public enum RunFieldKind
{
    /// <summary>The latest value of a metric (<c>metrics.KEY</c>).</summary>
    Metric,

    /// <summary>A param (<c>params.KEY</c>).</summary>
    Param,

    /// <summary>A tag (<c>tags.KEY</c>).</summary>
    Tag,

    /// <summary>A run attribute (<c>attributes.KEY</c>): run_id, run_name, status, start_time, end_time.</summary>
    Attribute,
}

/// <summary>A field of a run that can be filtered on or sorted by, such as <c>metrics.loss</c>.</summary>
/// <param name="Kind">The part of the run.</param>
/// <param name="Key">The metric, param or tag key, or the attribute name.</param>
public sealed record RunField(RunFieldKind Kind, string Key)
{
    /// <summary>The attribute names runs can be filtered and sorted by.</summary>
    public static readonly IReadOnlyList<string> Attributes = ["run_id", "run_name", "status", "start_time", "end_time"];

    /// <summary>True for attributes that compare as numbers (times in ms since the Unix epoch).</summary>
    public bool IsNumeric => Kind == RunFieldKind.Metric || (Kind == RunFieldKind.Attribute && Key is "start_time" or "end_time");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RunFieldKind.Metric => $"metrics.{Key}",
        RunFieldKind.Param => $"params.{Key}",
        RunFieldKind.Tag => $"tags.{Key}",
        _ => $"attributes.{Key}",
    };
}
