namespace Repro.Replay;

/// <summary>A run cannot be replayed: not made by <c>repro run</c>, its commit is gone, its diff does not apply.</summary>
internal sealed class ReplayException(string message) : ReproException(message);
