namespace Repro.Profiling;

/// <summary>A run has no stored profile: it is still running, or it was recorded before profiling existed.</summary>
internal sealed class ProfileNotFoundException(string message) : ReproException(message);
