namespace Repro.Environments;

/// <summary>The C and C++ runtime libraries (libm is part of glibc), and the native libraries patched beside the program.</summary>
internal sealed record NativeLibraryInfo(string Glibc, string Libstdcxx)
{
    /// <summary>
    /// The records (<c>*.repro-patch.json</c>) a build step left beside native libraries it changed in the program's
    /// folder, such as Repro.TorchSharp's on libLibTorchSharp.so: library path relative to the program folder, to the
    /// record's fields. Empty when nothing was patched, or when the manifest describes a command <c>repro run</c> wraps
    /// and the command has not reported its own (see <see cref="NativePatches"/>).
    /// </summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Patches { get; init; } = new(StringComparer.Ordinal);
}
