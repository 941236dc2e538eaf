namespace Repro.Cli.Demo;

/// <summary>
/// The demo experiment's settings, recorded as params of every demo run. The defaults train in about a second on
/// one core, and leave the model a little short of perfect, so that the test fold's intervals have something to say.
/// </summary>
internal sealed record DemoSettings
{
    /// <summary>The run seed used when none is given, so that two plain <c>repro demo</c> runs agree bit for bit.</summary>
    public const ulong DefaultSeed = 42;

    /// <summary>
    /// The seed the dataset is drawn from. It is fixed, not the run's seed: every demo sees the same data and the
    /// same split, so two demos with different seeds differ only in their model, and <c>repro compare</c> can pair
    /// their test predictions row by row.
    /// </summary>
    public const ulong DatasetSeed = 2024;

    /// <summary>The name the dataset and its split are recorded under (tags <c>repro.dataset.spirals</c>, <c>repro.split.spirals</c>).</summary>
    public const string DatasetName = "spirals";

    /// <summary>The name the trained model is stored under, as a version of <c>checkpoint/demo-mlp</c>.</summary>
    public const string CheckpointName = "demo-mlp";

    /// <summary>The tag naming the checkpoint version the run stored (as <c>checkpoint/demo-mlp:vN</c>).</summary>
    public const string CheckpointTag = "demo.checkpoint";

    /// <summary>The tag holding that checkpoint's digest (<c>blake3:...</c>).</summary>
    public const string CheckpointDigestTag = "demo.checkpoint_digest";

    /// <summary>The prefix of the test metrics: <c>test_METRIC</c>, <c>test_METRIC_ci_low</c>, <c>test_METRIC_ci_high</c>.</summary>
    public const string TestPrefix = "test_";

    /// <summary>The metrics computed on the test fold, with bootstrap intervals (scikit-learn names).</summary>
    public static IReadOnlyList<string> TestMetrics { get; } = ["accuracy", "roc_auc", "f1", "log_loss"];

    /// <summary>Rows in the dataset (split 80/10/10 into train, validation and test).</summary>
    public int Samples { get; init; } = 3000;

    /// <summary>How many turns each of the two spiral arms makes.</summary>
    public double Turns { get; init; } = 1.25;

    /// <summary>The standard deviation of the Gaussian noise added to every point.</summary>
    public double Noise { get; init; } = 0.06;

    /// <summary>Units in each of the two hidden layers.</summary>
    public int Hidden { get; init; } = 32;

    public int Epochs { get; init; } = 12;

    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Bootstrap resamples of the test fold for the intervals.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>The confidence level of the intervals.</summary>
    public double Level { get; init; } = 0.95;
}
