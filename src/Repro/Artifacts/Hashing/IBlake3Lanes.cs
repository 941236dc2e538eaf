namespace Repro.Artifacts.Hashing;

/// <summary>
/// The 32-bit lane arithmetic the BLAKE3 rounds need, for one word (<see cref="PortableLanes"/>) or a vector of
/// words from independent inputs (<see cref="Avx2Lanes"/>, <see cref="Avx512Lanes"/>). The rounds are written once
/// against this interface; the JIT specialises them for each struct implementation.
/// </summary>
/// <typeparam name="TWord">A word, or a vector of words.</typeparam>
internal interface IBlake3Lanes<TWord>
    where TWord : unmanaged
{
    static abstract TWord Add(TWord left, TWord right);

    static abstract TWord Xor(TWord left, TWord right);

    static abstract TWord RotateRight16(TWord value);

    static abstract TWord RotateRight12(TWord value);

    static abstract TWord RotateRight8(TWord value);

    static abstract TWord RotateRight7(TWord value);
}
