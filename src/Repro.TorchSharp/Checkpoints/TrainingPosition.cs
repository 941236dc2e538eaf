namespace Repro.TorchSharp.Checkpoints;

/// <summary>
/// Where a training loop is: the epoch it is in, the next batch of that epoch to train on, and the optimiser steps
/// taken so far. A checkpoint taken after the last batch of epoch <c>e</c> is at <c>(e + 1, 0, steps)</c>.
/// </summary>
/// <param name="Epoch">The epoch (from 0).</param>
/// <param name="Batch">The next batch within the epoch (from 0).</param>
/// <param name="Step">Optimiser steps taken so far (the step number of the next metric point, when logged per step).</param>
public sealed record TrainingPosition(int Epoch, int Batch, long Step)
{
    /// <summary>The start of training: epoch 0, batch 0, no step taken.</summary>
    public static TrainingPosition Start { get; } = new(0, 0, 0);
}
