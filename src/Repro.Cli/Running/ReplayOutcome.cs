using Repro.Environments;
using Repro.Replay;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>How a replay came out: the new run, its comparison with the original and the environment drift.</summary>
/// <param name="OriginalId">The run that was replayed.</param>
/// <param name="ReplayId">The replay's own run (tagged <c>repro.replay_of</c>).</param>
/// <param name="InPlace">True when it ran in the current folder, false in a temporary worktree of the recorded commit.</param>
/// <param name="Comparison">The verdict and what was compared.</param>
/// <param name="Drift">How the replay's environment manifest differs from the original's.</param>
/// <param name="Warnings">What may make the verdict less meaningful (code that may differ, an in-process original).</param>
/// <param name="NoManifest">True when a run has no manifest, so the drift is unknown.</param>
internal sealed record ReplayOutcome(
    RunId OriginalId,
    RunId ReplayId,
    bool InPlace,
    RunComparisonResult Comparison,
    IReadOnlyList<ManifestChange> Drift,
    IReadOnlyList<string> Warnings,
    bool NoManifest);
