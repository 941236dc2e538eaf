namespace Repro.Data.Splits;

/// <summary>One fold of a split, as recorded and printed.</summary>
/// <param name="Name">The fold name (<c>train</c>, <c>fold_0</c>, ...).</param>
/// <param name="Fraction">The fraction of examples the fold was meant to get.</param>
/// <param name="Rows">How many examples it got.</param>
/// <param name="ClassCounts">Examples per class of the label column, classes in ordinal order; empty without a label column.</param>
/// <param name="KeyDigest">
/// <c>blake3:</c> + 64 hex of the fold's keys: BLAKE3 over the keys sorted by their UTF-8 bytes (Unicode
/// code point order, as Python's <c>sorted</c>), each as its UTF-8 byte count (4 bytes, little-endian) then its
/// UTF-8 bytes. Equal digests mean the same set of examples, whatever the row order.
/// </param>
public sealed record SplitFold(string Name, double Fraction, int Rows, IReadOnlyDictionary<string, int> ClassCounts, string KeyDigest);
