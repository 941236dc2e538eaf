using TorchSharp;

namespace Repro.TorchSharp.Data;

/// <summary>
/// One batch of an <see cref="EpochDataLoader"/>: one tensor per column, rows in the epoch's order. The tensors are new;
/// dispose the batch (or an enclosing dispose scope) when the step is done.
/// </summary>
public sealed class LoaderBatch : IDisposable
{
    internal LoaderBatch(int epoch, int index, int[] rows, IReadOnlyList<torch.Tensor> tensors)
    {
        Epoch = epoch;
        Index = index;
        Rows = rows;
        Tensors = tensors;
    }

    /// <summary>The epoch the batch belongs to (from 0).</summary>
    public int Epoch { get; }

    /// <summary>The batch's index within its epoch (from 0).</summary>
    public int Index { get; }

    /// <summary>The examples (row indices of the data) in the batch, in order.</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>One tensor per column of the loader, each with <see cref="Size"/> rows.</summary>
    public IReadOnlyList<torch.Tensor> Tensors { get; }

    /// <summary>The number of examples in the batch.</summary>
    public int Size => Rows.Count;

    /// <summary>The tensor of column <paramref name="column"/>.</summary>
    public torch.Tensor this[int column] => Tensors[column];

    /// <summary>Disposes the batch's tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in Tensors)
        {
            tensor.Dispose();
        }
    }
}
