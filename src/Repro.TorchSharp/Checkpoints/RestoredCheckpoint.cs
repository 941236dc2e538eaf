using Repro.Artifacts;

namespace Repro.TorchSharp.Checkpoints;

/// <summary>What <see cref="TorchCheckpoint.Load"/> restored.</summary>
/// <param name="Artifact">The checkpoint version that was read (its digest checked).</param>
/// <param name="Position">Where training was when the checkpoint was taken: continue from here.</param>
/// <param name="RestoredOptimizer">True when optimiser state was restored; false when none was given to restore into.</param>
public sealed record RestoredCheckpoint(ArtifactInfo Artifact, TrainingPosition Position, bool RestoredOptimizer);
