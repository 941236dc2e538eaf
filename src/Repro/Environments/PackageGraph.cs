namespace Repro.Environments;

/// <summary>The resolved packages: name to version and content hash.</summary>
internal sealed record PackageGraph(IReadOnlyList<string> Sources, SortedDictionary<string, PackageVersion> Items);
