using System.Buffers.Binary;
using System.Text;
using Blake3;
using Repro.Artifacts;

namespace Repro.Data.Splits;

/// <summary>The digest of a fold's key list (see <see cref="SplitFold.KeyDigest"/> for the exact definition).</summary>
internal static class KeyListDigest
{
    public static string Of(IEnumerable<string> keys)
    {
        var encoded = keys.Select(Encoding.UTF8.GetBytes).ToArray();
        Array.Sort(encoded, (a, b) => a.AsSpan().SequenceCompareTo(b));
        using var hasher = Hasher.New();
        Span<byte> length = stackalloc byte[4];
        foreach (var key in encoded)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)key.Length);
            hasher.Update(length);
            hasher.Update(key);
        }

        return ContentDigest.Prefix + Convert.ToHexStringLower(hasher.Finalize().AsSpan());
    }
}
