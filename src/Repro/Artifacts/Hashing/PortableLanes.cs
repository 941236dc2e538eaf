using System.Numerics;
using System.Runtime.CompilerServices;

namespace Repro.Artifacts.Hashing;

/// <summary>One 32-bit word: the portable path, and single compressions (parents at the top of the tree, roots).</summary>
internal readonly struct PortableLanes : IBlake3Lanes<uint>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint left, uint right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Xor(uint left, uint right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RotateRight16(uint value) => BitOperations.RotateRight(value, 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RotateRight12(uint value) => BitOperations.RotateRight(value, 12);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RotateRight8(uint value) => BitOperations.RotateRight(value, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RotateRight7(uint value) => BitOperations.RotateRight(value, 7);
}
