namespace Repro.Environments;

/// <summary>One group of a manifest, flattened to key and value text for display and comparison.</summary>
/// <param name="Name">The section's JSON name, such as <c>isa</c> or <c>git</c>.</param>
/// <param name="AffectsNumerics">True for what can change a run's numbers (ISA, threads, runtime, native libraries, packages, seeds).</param>
/// <param name="Entries">Keys (dotted paths inside the section) and values, in the manifest's order.</param>
internal sealed record ManifestSection(string Name, bool AffectsNumerics, IReadOnlyList<KeyValuePair<string, string>> Entries);
