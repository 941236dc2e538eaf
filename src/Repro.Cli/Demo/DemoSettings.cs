namespace Repro.Cli.Demo;

/// <summary>The demo experiment's settings; the defaults train in well under a second on one core.</summary>
internal sealed record DemoSettings
{
    /// <summary>The seed used when none is given, so that two plain <c>repro demo</c> runs agree bit for bit.</summary>
    public const ulong DefaultSeed = 42;

    public int Samples { get; init; } = 2000;

    public int Features { get; init; } = 8;

    /// <summary>How far the class means sit from the origin along the first feature, in standard deviations.</summary>
    public double ClassOffset { get; init; } = 0.8;

    public double ValidationFraction { get; init; } = 0.2;

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 0.02;
}
