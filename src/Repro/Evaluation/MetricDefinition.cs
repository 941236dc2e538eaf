namespace Repro.Evaluation;

/// <summary>One entry of the metric catalog: its name, the tasks it applies to, its direction and how to compute it.</summary>
internal sealed record MetricDefinition(string Name, bool HigherIsBetter, IReadOnlySet<PredictionTask> Tasks, Func<MetricInputs, double> Compute);
