namespace Repro.Artifacts.Remotes;

/// <summary>How a push or pull runs.</summary>
internal sealed record TransferOptions
{
    /// <summary>Transfers at once (default 8): enough to hide a remote's latency without flooding it.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Digests per existence request during a push (default 1,000).</summary>
    public int ExistenceBatchSize { get; init; } = 1000;

    /// <summary>Told of progress after each block of bytes and each finished object; may be called from several threads.</summary>
    public Action<TransferProgress>? Progress { get; init; }
}
