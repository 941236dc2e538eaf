using System.Buffers.Binary;
using System.Text;
using Blake3;
using Repro.Artifacts;

namespace Repro.Data;

/// <summary>
/// Feeds the canonical binary encoding of a table (see <see cref="Table.Fingerprint"/>) into BLAKE3
/// through a 64 KiB buffer, so a table of any size is hashed without materialising its encoding.
/// </summary>
internal sealed class CanonicalEncoder : IDisposable
{
    public const byte Missing = 0;
    public const byte Present = 1;

    private const int BufferSize = 1 << 16;
    private const long CanonicalNaN = 0x7FF8000000000000;

    private readonly Hasher _hasher = Hasher.New();
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _length;

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        _length += 4;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        _length += 8;
    }

    /// <summary>The IEEE 754 bits, little-endian; every NaN as the one quiet NaN 0x7FF8000000000000 (-0.0 stays distinct from 0.0).</summary>
    public void WriteDouble(double value) =>
        WriteInt64(double.IsNaN(value) ? CanonicalNaN : BitConverter.DoubleToInt64Bits(value));

    /// <summary>The UTF-8 byte count as a 32-bit little-endian integer, then the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        if (value.Length <= (BufferSize - 4) / 3)
        {
            // Short enough to encode in place (at most 3 bytes per UTF-16 unit); the count goes in front after.
            var target = Reserve(4 + (value.Length * 3));
            var written = Encoding.UTF8.GetBytes(value, target[4..]);
            BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)written);
            _length += 4 + written;
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUInt32((uint)byteCount);
        if (byteCount <= BufferSize)
        {
            var target = Reserve(byteCount); // may drain, which resets _length: reserve before adding to it
            _length += Encoding.UTF8.GetBytes(value, target);
            return;
        }

        Drain();
        _hasher.Update(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The digest of everything written, as <c>blake3:</c> + 64 hex characters.</summary>
    public string Finish()
    {
        Drain();
        return ContentDigest.Prefix + Convert.ToHexStringLower(_hasher.Finalize().AsSpan());
    }

    public void Dispose() => _hasher.Dispose();

    private Span<byte> Reserve(int count)
    {
        if (_length + count > BufferSize)
        {
            Drain();
        }

        return _buffer.AsSpan(_length, count);
    }

    private void Drain()
    {
        if (_length > 0)
        {
            _hasher.Update(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }
}
