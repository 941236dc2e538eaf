namespace Repro.Artifacts.Hashing;

/// <summary>
/// Returns a pointer to <paramref name="length"/> bytes of the input at <paramref name="offset"/>: into memory
/// the input already occupies, or into <paramref name="buffer"/> after reading them there.
/// </summary>
internal unsafe delegate byte* Blake3Reader(long offset, int length, byte* buffer);
