using Repro.Artifacts;
using Repro.Tracking;
using TorchSharp;

namespace Repro.TorchSharp.Checkpoints;

/// <summary>
/// Saves and restores everything a training loop needs to continue as if it had never stopped: the model's state
/// dict, the optimiser's state (moments, step counts, options), the CPU generator's state (dropout masks and other
/// draws to come) and the <see cref="TrainingPosition"/> (the loader's epoch and batch, the step count). All of it is
/// one artifact of kind <c>checkpoint</c>, named by its BLAKE3 digest and checked against it when read back.
/// </summary>
/// <remarks>
/// <para>Resuming on the CPU is bit-identical with training straight through, given the same thread counts
/// (<see cref="TorchThreads"/>) and an order that depends only on the epoch (<see cref="Data.EpochDataLoader"/>).</para>
/// <para>Not saved: CUDA generators (TorchSharp does not expose their state, so GPU dropout after a resume draws other
/// masks), learning-rate schedulers (recreate them from the position's step), and anything else the loop keeps.</para>
/// </remarks>
public static class TorchCheckpoint
{
    /// <summary>The artifact kind of checkpoints.</summary>
    public const string Kind = "checkpoint";

    /// <summary>The file name extension of checkpoint files.</summary>
    public const string Extension = ".ckpt";

    /// <summary>
    /// Writes a checkpoint and stores it as a version of <c>checkpoint/NAME</c> produced by <paramref name="run"/>
    /// (a new version only when the content is new); <c>latest</c> then points at it.
    /// </summary>
    /// <param name="run">The run that produces the checkpoint.</param>
    /// <param name="name">The checkpoint's name, such as <c>mlp</c> (stored as <c>checkpoint/mlp</c>; a leading <c>checkpoint/</c> is accepted).</param>
    /// <param name="model">The model; its state dict (parameters and buffers) is saved, on any device.</param>
    /// <param name="optimizer">The optimiser whose state to save, or null for weights only.</param>
    /// <param name="position">Where training is: the epoch and batch to continue from, and the steps taken.</param>
    /// <param name="aliases">Aliases to point at the version, such as <c>best</c>.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="ArgumentException">The optimiser keeps its state in native code, which TorchSharp cannot save.</exception>
    /// <exception cref="ArtifactException">The name or an alias is invalid, or the store keeps no artifacts.</exception>
    public static ArtifactInfo Save(Run run, string name, torch.nn.Module model, torch.optim.Optimizer? optimizer, TrainingPosition position, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(position);
        var artifactName = ArtifactName.Parse(name.StartsWith(Kind + "/", StringComparison.Ordinal) ? name : $"{Kind}/{name}");
        var folder = Directory.CreateTempSubdirectory("repro-checkpoint-");
        try
        {
            var file = Path.Combine(folder.FullName, artifactName.Name.Replace('/', '-') + Extension);
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                CheckpointFile.Write(stream, model, optimizer, position);
            }

            return run.LogArtifact(file, artifactName.ToString(), aliases);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Reads a checkpoint (recording that <paramref name="run"/> used it), checks its digest over every byte, checks
    /// that it fits the model and optimiser, then restores the optimiser's state, the model's tensors and the CPU
    /// generator's state. Continue training at the returned position.
    /// </summary>
    /// <param name="run">The run that uses the checkpoint.</param>
    /// <param name="reference">
    /// <c>checkpoint/NAME</c> (latest), <c>checkpoint/NAME:vN</c>, <c>checkpoint/NAME@alias</c>, or <c>blake3:DIGEST</c>.
    /// </param>
    /// <param name="model">A model of the same architecture, on any device.</param>
    /// <param name="optimizer">An optimiser of the same type over the model's parameters, or null to restore weights only.</param>
    /// <exception cref="ArtifactNotFoundException">The reference matches nothing.</exception>
    /// <exception cref="ArtifactIntegrityException">The stored bytes do not match the checkpoint's digest (both are named); nothing was restored.</exception>
    /// <exception cref="CheckpointException">
    /// It is not a checkpoint, or it does not fit the model (the message names the first differing parameter) or the
    /// optimiser; the fit is checked before anything is restored.
    /// </exception>
    public static RestoredCheckpoint Load(Run run, string reference, torch.nn.Module model, torch.optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(model);
        var info = run.UseArtifact(reference);
        if (info.IsDirectory)
        {
            throw new CheckpointException($"{info.Label} is a folder, not a checkpoint file.");
        }

        // The digest is known only once every byte has been read: copy to a private file first, so that nothing is
        // restored from bytes that turn out to be corrupt.
        var copy = Path.Combine(Path.GetTempPath(), $"repro-checkpoint-{Guid.NewGuid():N}{Extension}");
        using var verified = new FileStream(copy, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var stored = run.OpenArtifact(info.Label))
        {
            stored.CopyTo(verified);
        }

        verified.Position = 0;
        var (position, restoredOptimizer) = CheckpointFile.Restore(verified, model, optimizer, info.Label);
        return new RestoredCheckpoint(info, position, restoredOptimizer);
    }
}
