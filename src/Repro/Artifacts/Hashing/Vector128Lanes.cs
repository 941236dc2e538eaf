using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Repro.Artifacts.Hashing;

/// <summary>
/// Four words from four inputs in a 128-bit vector, with the cross-platform vector operations: SSE2 on x64,
/// AdvSimd on Arm64. Rotations are two shifts and an OR.
/// </summary>
internal readonly struct Vector128Lanes : IBlake3Lanes<Vector128<uint>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> left, Vector128<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> left, Vector128<uint> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight16(Vector128<uint> value) => Rotate(value, 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight12(Vector128<uint> value) => Rotate(value, 12);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight8(Vector128<uint> value) => Rotate(value, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight7(Vector128<uint> value) => Rotate(value, 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate(Vector128<uint> value, int bits) =>
        Vector128.ShiftRightLogical(value, bits) | Vector128.ShiftLeft(value, 32 - bits);
}
