namespace Repro.Artifacts.Remotes;

/// <summary>What a push or pull did.</summary>
/// <param name="Transferred">Objects uploaded (push) or downloaded and adopted (pull).</param>
/// <param name="Skipped">Objects not sent because the destination already had them (for a push, including those below a manifest the remote already had).</param>
/// <param name="Bytes">Bytes transferred.</param>
internal sealed record TransferSummary(int Transferred, int Skipped, long Bytes);
