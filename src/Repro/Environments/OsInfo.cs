namespace Repro.Environments;

/// <summary>The operating system.</summary>
internal sealed record OsInfo(string Description, string Kernel, string Distribution, string DistributionId, string DistributionVersion);
