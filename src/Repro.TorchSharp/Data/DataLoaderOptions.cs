using TorchSharp;

namespace Repro.TorchSharp.Data;

/// <summary>How an <see cref="EpochDataLoader"/> batches and orders its examples.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Examples per batch; default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>True (the default) to visit the examples in a new order every epoch; false for their stored order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>True to leave out the last batch of an epoch when it is smaller than <see cref="BatchSize"/>; default false.</summary>
    public bool DropLast { get; init; }

    /// <summary>The device batches are moved to; null (the default) leaves them where the data is.</summary>
    public torch.Device? Device { get; init; }
}
