namespace Repro.Artifacts;

/// <summary>What <c>get</c> wrote.</summary>
/// <param name="Target">The folder (or file) written.</param>
/// <param name="Reflinks">Files cloned copy-on-write.</param>
/// <param name="Hardlinks">Files hard-linked read-only.</param>
/// <param name="Copies">Files copied.</param>
/// <param name="SymbolicLinks">Symbolic links recreated.</param>
/// <param name="EmptyDirectories">Empty folders recreated.</param>
/// <param name="Bytes">File bytes placed.</param>
internal sealed record MaterializeResult(string Target, int Reflinks, int Hardlinks, int Copies, int SymbolicLinks, int EmptyDirectories, long Bytes);
