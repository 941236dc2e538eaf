using Repro.Artifacts.Hashing;

namespace Repro.Artifacts;

/// <summary>
/// A read-only stream over an object that hashes every byte it returns and, at the end, compares the digest
/// with the expected one; on a mismatch it calls <c>onCorrupt</c> and throws what that returns.
/// </summary>
internal sealed class VerifyingReadStream(FileStream inner, string expected, Func<string, Exception> onCorrupt) : Stream
{
    private readonly Blake3Hasher _hasher = new();
    private bool _verified;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException("An object stream is read from start to end, so that it can be verified.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (read > 0)
        {
            _hasher.Update(buffer[..read]);
        }
        else if (buffer.Length > 0)
        {
            Verify();
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An object stream cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        _verified = true;
        var actual = ContentDigest.Format(_hasher);
        if (actual != expected)
        {
            inner.Dispose();
            throw onCorrupt(actual);
        }
    }
}
