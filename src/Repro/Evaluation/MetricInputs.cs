namespace Repro.Evaluation;

/// <summary>
/// One prediction set being scored, with the intermediate results that several metrics share (the
/// confusion matrix, the ranked binary scores), computed once on first use.
/// </summary>
internal sealed class MetricInputs : IDisposable
{
    private ConfusionMatrix? _confusion;
    private RankedScores? _ranked;

    public MetricInputs(Predictions predictions, MetricOptions? options, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        Predictions = predictions;
        Options = options ?? MetricOptions.Default;
        _ = MetricOptions.ThresholdOf(Options);
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public Predictions Predictions { get; }

    public MetricOptions Options { get; }

    public int MaxDegreeOfParallelism { get; }

    public ConfusionMatrix Confusion => _confusion ??= ConfusionMatrix.Compute(Predictions, Options, MaxDegreeOfParallelism);

    /// <summary>Binary sets: class 1's scores against class 0's, sorted.</summary>
    public RankedScores BinaryRanking =>
        _ranked ??= RankedScores.Build(Predictions, 0, 1, null, MaxDegreeOfParallelism);

    public void Dispose() => _ranked?.Dispose();
}
