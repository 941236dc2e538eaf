namespace Repro.Evaluation;

/// <summary>
/// A metric name that Repro does not know, or one that does not apply to the task of the predictions
/// (for example <c>mse</c> for binary predictions). The message lists the names that do apply.
/// </summary>
public sealed class UnknownMetricException : ReproException
{
    /// <summary>Creates the exception for <paramref name="name"/> and the names valid for <paramref name="task"/> (every name when it is null).</summary>
    public UnknownMetricException(string name, PredictionTask? task, IReadOnlyList<string> validNames)
        : base(MessageFor(name, task, validNames))
    {
        Name = name;
        Task = task;
        ValidNames = validNames;
    }

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }

    /// <summary>The task of the predictions it was asked for; null when no task was involved.</summary>
    public PredictionTask? Task { get; }

    /// <summary>The metric names that apply to <see cref="Task"/> (every known name when it is null).</summary>
    public IReadOnlyList<string> ValidNames { get; }

    private static string MessageFor(string name, PredictionTask? task, IReadOnlyList<string> validNames)
    {
        var names = string.Join(", ", validNames);
        if (task is not { } known)
        {
            return $"Unknown metric '{name}'. Known metrics: {names}.";
        }

        var taskName = known.ToString().ToLowerInvariant();
        return MetricCatalog.IsKnown(name)
            ? $"Metric '{name}' does not apply to {taskName} predictions. Metrics for {taskName} predictions: {names}."
            : $"Unknown metric '{name}'. Metrics for {taskName} predictions: {names}.";
    }
}
