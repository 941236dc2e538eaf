namespace Repro.Environments;

/// <summary>The run's root seed (a decimal string: JSON numbers lose 64-bit precision in many readers).</summary>
internal sealed record SeedInfo(string Root);
