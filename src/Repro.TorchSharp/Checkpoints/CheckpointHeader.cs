namespace Repro.TorchSharp.Checkpoints;

/// <summary>The JSON header of a checkpoint file: what follows it and where training was (see <see cref="CheckpointFile"/>).</summary>
/// <param name="Position">Where training was.</param>
/// <param name="RngStateBytes">The length of the CPU generator's state.</param>
/// <param name="Optimizer">The optimiser's type name (TorchSharp's, such as <c>Adam</c>), or null when none was saved.</param>
/// <param name="OptimizerBytes">The length of the optimiser's state (TorchSharp's <c>save_state_dict</c> format), 0 when none.</param>
/// <param name="Tensors">The model's state dict (parameters and buffers), in its order.</param>
internal sealed record CheckpointHeader(
    TrainingPosition Position,
    long RngStateBytes,
    string? Optimizer,
    long OptimizerBytes,
    IReadOnlyList<CheckpointTensor> Tensors);
