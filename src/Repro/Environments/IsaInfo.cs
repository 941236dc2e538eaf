using System.Text.Json.Serialization;

namespace Repro.Environments;

/// <summary>Instruction-set flags that decide which SIMD paths (and so which rounding) math libraries take.</summary>
internal sealed record IsaInfo(
    string Architecture,
    bool Sse42,
    bool Avx,
    bool Avx2,
    bool Fma,
    [property: JsonPropertyName("avx512f")] bool Avx512F,
    bool AdvSimd,
    bool VectorHardwareAccelerated,
    int VectorBits);
