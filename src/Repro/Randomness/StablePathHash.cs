using System.Text;

namespace Repro.Randomness;

/// <summary>
/// The stable hash that turns a stream path such as <c>"epoch/3/shuffle"</c> into 64 bits: FNV-1a 64
/// over the path's UTF-8 bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3). Unlike
/// <c>string.GetHashCode</c> it is the same in every process, runtime and version, so a
/// recorded seed and path give the same numbers forever.
/// </summary>
internal static class StablePathHash
{
    private const ulong OffsetBasis = 0xcbf29ce484222325;
    private const ulong Prime = 0x100000001b3;

    public static ulong Compute(string path)
    {
        var hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(path.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(path, buffer)]
            : Encoding.UTF8.GetBytes(path);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }
}
