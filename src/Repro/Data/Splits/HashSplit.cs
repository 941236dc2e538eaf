using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Blake3;

namespace Repro.Data.Splits;

/// <summary>
/// The stable hash that places an example: 64 bits from BLAKE3 of (salt, key), so a key's fold depends
/// on nothing but the salt, the key and the fractions. Never <c>string.GetHashCode</c>, which changes per process.
/// </summary>
/// <remarks>
/// The hash is the first 8 bytes, read as a little-endian unsigned integer, of the BLAKE3 digest of: the
/// salt's UTF-8 byte count as a 4-byte little-endian integer, the salt's UTF-8 bytes, then the key's UTF-8
/// bytes. Its top 53 bits, divided by 2^53, are the key's <see cref="UnitValue"/> in [0, 1). In Python:
/// <c>(int.from_bytes(blake3(len(s).to_bytes(4, "little") + s + k).digest()[:8], "little") &gt;&gt; 11) / 2**53</c>
/// with <c>s</c> and <c>k</c> the UTF-8 bytes.
/// </remarks>
public static class HashSplit
{
    /// <summary>The 64-bit hash of a key under a salt.</summary>
    public static ulong Hash(string salt, string key)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(key);
        var saltBytes = Encoding.UTF8.GetByteCount(salt);
        var length = 4 + saltBytes + Encoding.UTF8.GetByteCount(key);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)saltBytes);
            Encoding.UTF8.GetBytes(salt, buffer[4..]);
            Encoding.UTF8.GetBytes(key, buffer[(4 + saltBytes)..]);
            var hash = Hasher.Hash(buffer);
            return BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan());
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Where a key falls in [0, 1): the hash's top 53 bits divided by 2^53.</summary>
    public static double UnitValue(string salt, string key) => (Hash(salt, key) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// The fold of a key: the first fold whose cumulative fraction exceeds <see cref="UnitValue"/>
    /// (compared exactly, in integers). Depends only on the salt, the key and the layout.
    /// </summary>
    public static int FoldOf(string salt, string key, FoldLayout folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        return FoldOf(Hash(salt, key), folds);
    }

    internal static int FoldOf(ulong hash, FoldLayout folds)
    {
        // unit < cumulative / total  <=>  (hash >> 11) * total < cumulative * 2^53
        var scaled = (Int128)(hash >> 11) * folds.TotalWeight;
        Int128 cumulative = 0;
        for (var i = 0; i < folds.Count - 1; i++)
        {
            cumulative += folds.Weights[i];
            if (scaled < cumulative << 53)
            {
                return i;
            }
        }

        return folds.Count - 1;
    }
}
