namespace Repro.Cli.Demo;

/// <summary>What one epoch of the demo achieved.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">How many epochs the run has.</param>
/// <param name="TrainLoss">Mean of the epoch's mini-batch losses.</param>
/// <param name="ValidationLoss">Mean log loss on the held-out split after the epoch.</param>
/// <param name="ValidationAccuracy">Share of held-out points classified correctly at threshold 0.5.</param>
internal sealed record EpochResult(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double ValidationAccuracy);
