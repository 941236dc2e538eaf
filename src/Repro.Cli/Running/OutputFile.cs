namespace Repro.Cli.Running;

/// <summary>A file a wrapped command left in its outputs folder.</summary>
/// <param name="Path">The path relative to the outputs folder, with '/' separators.</param>
/// <param name="SizeBytes">The size in bytes.</param>
/// <param name="Digest">The BLAKE3 digest of the content, <c>blake3:</c> and 64 hex characters.</param>
internal sealed record OutputFile(string Path, long SizeBytes, string Digest);
