namespace Repro.Artifacts.Hashing;

/// <summary>
/// The instruction sets the BLAKE3 code can compress many inputs with at once (the value is the number of
/// inputs). <see cref="Blake3InstructionSet.Best"/> is what the processor offers; tests force a narrower one so
/// that every path runs on one machine.
/// </summary>
internal enum Blake3Instructions
{
    /// <summary>One compression at a time on 32-bit integers: any processor.</summary>
    Portable = 1,

    /// <summary>Four inputs at once in 128-bit vectors (SSE2 on x64, AdvSimd on Arm64).</summary>
    Vector128 = 4,

    /// <summary>Eight inputs at once in 256-bit vectors (AVX2).</summary>
    Avx2 = 8,

    /// <summary>Sixteen inputs at once in 512-bit vectors (AVX-512F), rotating with one instruction.</summary>
    Avx512 = 16,
}
