namespace Repro.Environments;

/// <summary>The C and C++ runtime libraries (libm is part of glibc).</summary>
internal sealed record NativeLibraryInfo(string Glibc, string Libstdcxx);
