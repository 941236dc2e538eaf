using System.Globalization;
using Repro.Data.Splits;
using TorchSharp;

namespace Repro.TorchSharp.Data;

/// <summary>
/// Batches in-memory data (one or more tensors whose first dimension is the example) in an order keyed by the epoch:
/// epoch <c>e</c> visits the examples in the shuffle of the stream <c>(seed, "loader/NAME/epoch/e")</c>, so every
/// epoch has its own order, the same on every replay and every machine, and a training loop resumed at epoch
/// <c>e</c>, batch <c>b</c> sees exactly the batches it would have seen.
/// </summary>
/// <remarks>
/// <para>The order is a function of the seed, the name and the epoch only: the loader keeps no position, so
/// the caller's (epoch, batch) is all a checkpoint needs (<see cref="Checkpoints.TrainingPosition"/>). TorchSharp's own
/// <c>DataLoader</c>, given a seed, visits the examples in the same permutation every epoch (0.107.0).</para>
/// <para>The loader does not own tensors passed to its constructor; those <see cref="FromArrays(string, ulong, float[], int, long[], DataLoaderOptions?)"/>
/// makes are its own and are disposed with it.</para>
/// </remarks>
public sealed class EpochDataLoader : IDisposable
{
    private readonly torch.Tensor[] _columns;
    private readonly bool _ownsColumns;
    private readonly DataLoaderOptions _options;
    private bool _disposed;

    /// <summary>Creates a loader over tensors that share their first dimension (the examples).</summary>
    /// <param name="name">Names the loader's random streams (<c>loader/NAME/epoch/E</c>), such as <c>train</c>.</param>
    /// <param name="seed">The root seed, usually the run's (<c>run.Seed</c>).</param>
    /// <param name="columns">The data, such as features <c>[N, D]</c> and labels <c>[N]</c>; not owned by the loader.</param>
    /// <param name="options">Batch size, shuffling, drop-last and device; default <see cref="DataLoaderOptions"/>.</param>
    /// <exception cref="ArgumentException">The name is empty, there is no column, a column is a scalar, or the columns disagree on the number of examples.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is below 1.</exception>
    public EpochDataLoader(string name, ulong seed, IReadOnlyList<torch.Tensor> columns, DataLoaderOptions? options = null)
        : this(name, seed, columns, options, ownsColumns: false)
    {
    }

    private EpochDataLoader(string name, ulong seed, IReadOnlyList<torch.Tensor> columns, DataLoaderOptions? options, bool ownsColumns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(columns);
        _options = options ?? new DataLoaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        if (columns.Count == 0)
        {
            throw new ArgumentException("A loader needs at least one column.", nameof(columns));
        }

        if (columns.Any(c => c.dim() == 0))
        {
            throw new ArgumentException("Every column needs a first dimension (the examples); a scalar has none.", nameof(columns));
        }

        var count = columns[0].shape[0];
        if (columns.Any(c => c.shape[0] != count))
        {
            throw new ArgumentException(
                $"The columns disagree on the number of examples: {string.Join(", ", columns.Select(c => c.shape[0].ToString(CultureInfo.InvariantCulture)))}.", nameof(columns));
        }

        Name = name;
        Seed = seed;
        Count = checked((int)count);
        _columns = [.. columns];
        _ownsColumns = ownsColumns;
    }

    /// <summary>The loader's name (part of its random stream paths).</summary>
    public string Name { get; }

    /// <summary>The root seed the orders derive from.</summary>
    public ulong Seed { get; }

    /// <summary>The number of examples.</summary>
    public int Count { get; }

    /// <summary>The number of batches in every epoch (the last one may be smaller unless drop-last is on).</summary>
    public int BatchesPerEpoch => _options.DropLast ? Count / _options.BatchSize : (Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>
    /// A loader over features (row-major, <paramref name="featureCount"/> per example, float32 <c>[N, D]</c>) and class
    /// labels (int64 <c>[N]</c>). The loader owns the tensors it makes.
    /// </summary>
    /// <exception cref="ArgumentException">The features are not <c>labels.Length × featureCount</c> values.</exception>
    public static EpochDataLoader FromArrays(string name, ulong seed, float[] features, int featureCount, long[] labels, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var x = FeatureTensor(features, featureCount, labels.Length);
        var y = torch.tensor(labels, [labels.Length]).DetachFromDisposeScope();
        return Own(name, seed, x, y, options);
    }

    /// <summary>
    /// A loader over features (row-major, <paramref name="featureCount"/> per example, float32 <c>[N, D]</c>) and real
    /// targets (float32 <c>[N]</c>). The loader owns the tensors it makes.
    /// </summary>
    /// <exception cref="ArgumentException">The features are not <c>targets.Length × featureCount</c> values.</exception>
    public static EpochDataLoader FromArrays(string name, ulong seed, float[] features, int featureCount, float[] targets, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var x = FeatureTensor(features, featureCount, targets.Length);
        var y = torch.tensor(targets, [targets.Length]).DetachFromDisposeScope();
        return Own(name, seed, x, y, options);
    }

    /// <summary>The random stream path of an epoch's order: <c>loader/NAME/epoch/E</c>.</summary>
    public string StreamPath(int epoch) => string.Create(CultureInfo.InvariantCulture, $"loader/{Name}/epoch/{epoch}");

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the examples (all of them, before drop-last).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return _options.Shuffle ? EpochShuffle.Permutation(Count, Seed, StreamPath(epoch)) : [.. Enumerable.Range(0, Count)];
    }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, from batch <paramref name="firstBatch"/> on (to resume mid-epoch).
    /// Each batch holds new tensors on <see cref="DataLoaderOptions.Device"/>: dispose it, or make it in a dispose scope.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The epoch is negative, or the first batch is outside 0 .. <see cref="BatchesPerEpoch"/>.</exception>
    /// <exception cref="ObjectDisposedException">The loader is disposed.</exception>
    public IEnumerable<LoaderBatch> Batches(int epoch, int firstBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstBatch, BatchesPerEpoch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Iterate(epoch, firstBatch);
    }

    private IEnumerable<LoaderBatch> Iterate(int epoch, int firstBatch)
    {
        var order = Order(epoch);
        for (var batch = firstBatch; batch < BatchesPerEpoch; batch++)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var start = batch * _options.BatchSize;
            var rows = order[start..Math.Min(start + _options.BatchSize, Count)];
            yield return new LoaderBatch(epoch, batch, rows, Gather(rows));
        }
    }

    private torch.Tensor[] Gather(int[] rows)
    {
        var tensors = new torch.Tensor[_columns.Length];
        var indices = Array.ConvertAll(rows, r => (long)r);
        for (var c = 0; c < _columns.Length; c++)
        {
            using var index = torch.tensor(indices, device: _columns[c].device);
            var selected = _columns[c].index_select(0, index);
            if (_options.Device is { } device)
            {
                var moved = selected.to(device);
                if (!ReferenceEquals(moved, selected))
                {
                    selected.Dispose();
                    selected = moved;
                }
            }

            tensors[c] = selected;
        }

        return tensors;
    }

    /// <summary>Disposes the tensors the loader made (<see cref="FromArrays(string, ulong, float[], int, long[], DataLoaderOptions?)"/>); columns passed in are left alone.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsColumns)
        {
            foreach (var column in _columns)
            {
                column.Dispose();
            }
        }
    }

    private static torch.Tensor FeatureTensor(float[] features, int featureCount, int examples)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if ((long)examples * featureCount != features.Length)
        {
            throw new ArgumentException(
                $"Expected {examples} examples × {featureCount} features = {(long)examples * featureCount} values, found {features.Length}.", nameof(features));
        }

        return torch.tensor(features, [examples, featureCount]).DetachFromDisposeScope();
    }

    private static EpochDataLoader Own(string name, ulong seed, torch.Tensor x, torch.Tensor y, DataLoaderOptions? options)
    {
        try
        {
            return new EpochDataLoader(name, seed, [x, y], options, ownsColumns: true);
        }
        catch
        {
            x.Dispose();
            y.Dispose();
            throw;
        }
    }
}
