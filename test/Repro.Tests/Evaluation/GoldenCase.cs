using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

/// <summary>One golden case: predictions, the threshold, scikit-learn's values and the metrics it left undefined.</summary>
internal sealed record GoldenCase(
    string Name,
    Predictions Predictions,
    MetricOptions Options,
    IReadOnlyDictionary<string, double> Expected,
    IReadOnlyList<string> Undefined,
    long[][]? ConfusionMatrix);
