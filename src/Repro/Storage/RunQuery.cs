namespace Repro.Storage;

/// <summary>A search over runs: which experiments, which runs within them, in what order, how many.</summary>
public sealed record RunQuery
{
    /// <summary>Experiment names to search; empty searches all experiments.</summary>
    public IReadOnlyList<string> ExperimentNames { get; init; } = [];

    /// <summary>Conditions every returned run meets (AND); see <see cref="RunFilter.Parse"/>.</summary>
    public RunFilter Filter { get; init; } = RunFilter.Empty;

    /// <summary>Sort keys, most significant first; runs are then ordered by start time, newest first.</summary>
    public IReadOnlyList<RunOrder> OrderBy { get; init; } = [];

    /// <summary>The most runs to return.</summary>
    public int Limit { get; init; } = 1000;
}
