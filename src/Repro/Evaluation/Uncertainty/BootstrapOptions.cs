namespace Repro.Evaluation.Uncertainty;

/// <summary>How a bootstrap resamples: how many times, from which seed, and the interval level.</summary>
public sealed record BootstrapOptions
{
    /// <summary>The default number of resamples.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>The default interval level.</summary>
    public const double DefaultLevel = 0.95;

    /// <summary>How many resamples to draw (at least 1); default 1,000.</summary>
    public int Resamples { get; init; } = DefaultResamples;

    /// <summary>The confidence level of the intervals, strictly between 0 and 1; default 0.95.</summary>
    public double Level { get; init; } = DefaultLevel;

    /// <summary>
    /// The root seed. Resample <c>i</c> draws its rows from <c>new RandomStream(Seed, "bootstrap/i")</c>, so the
    /// same seed gives the same resamples, for every metric, in every process and whatever the thread count.
    /// Default 0.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>Options of the metrics (the binary threshold); default <see cref="MetricOptions"/>'s.</summary>
    public MetricOptions? Metric { get; init; }

    /// <summary>How many threads evaluate resamples; null (the default) for all processors. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Resamples below 1, a level outside (0, 1), or a thread count below 1.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Resamples, 1, nameof(Resamples));
        if (!(Level is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "The level must be strictly between 0 and 1, such as 0.95.");
        }

        if (MaxDegreeOfParallelism is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(MaxDegreeOfParallelism));
        }
    }
}
