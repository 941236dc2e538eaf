using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Repro.Artifacts.Hashing;

/// <summary>Which <see cref="Blake3Instructions"/> this processor supports.</summary>
internal static class Blake3InstructionSet
{
    /// <summary>The widest set this processor runs.</summary>
    public static Blake3Instructions Best { get; } =
        Avx512F.IsSupported ? Blake3Instructions.Avx512
        : Avx2.IsSupported ? Blake3Instructions.Avx2
        : Vector128.IsHardwareAccelerated ? Blake3Instructions.Vector128
        : Blake3Instructions.Portable;

    /// <summary>True when this processor can run <paramref name="instructions"/>.</summary>
    public static bool IsSupported(Blake3Instructions instructions) => instructions switch
    {
        Blake3Instructions.Avx512 => Avx512F.IsSupported,
        Blake3Instructions.Avx2 => Avx2.IsSupported,
        Blake3Instructions.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };
}
