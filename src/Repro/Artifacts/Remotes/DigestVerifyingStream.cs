using Blake3;

namespace Repro.Artifacts.Remotes;

/// <summary>
/// Reads an object's bytes for upload and checks them against its digest and length on the way. The check
/// completes before the last block is handed out: a mismatch throws instead of delivering it, so the remote
/// never receives a complete body and cannot store the wrong bytes under the digest. When the underlying
/// stream can seek, so can this one, back to the start only (a client that hashes the body before sending it
/// reads it twice), and each pass is verified.
/// </summary>
internal sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _expected;
    private readonly long _length;
    private readonly string _source;
    private readonly Action<int>? _onRead;
    private Hasher _hasher = Hasher.New();
    private long _position;
    private long _reported;
    private bool _verified;
    private bool _disposed;

    /// <param name="inner">The object's bytes; disposed with this stream.</param>
    /// <param name="expected">The digest the bytes must hash to.</param>
    /// <param name="length">The number of bytes the object has.</param>
    /// <param name="source">Where the bytes come from, for the error message.</param>
    /// <param name="onRead">Told how many bytes each read delivered (progress).</param>
    public DigestVerifyingStream(Stream inner, string expected, long length, string source, Action<int>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _inner = inner;
        _expected = expected;
        _length = length;
        _source = source;
        _onRead = onRead;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_verified || buffer.IsEmpty)
        {
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        var read = wanted == 0 ? 0 : _inner.Read(buffer[..wanted]);
        Account(buffer[..read]);
        if (_position == _length)
        {
            Span<byte> probe = stackalloc byte[1];
            Verify(_inner.Read(probe));
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_verified || buffer.IsEmpty)
        {
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        var read = wanted == 0 ? 0 : await _inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..read]);
        if (_position == _length)
        {
            var probe = new byte[1];
            Verify(await _inner.ReadAsync(probe, cancellationToken).ConfigureAwait(false));
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (offset != 0 || origin != SeekOrigin.Begin || !_inner.CanSeek)
        {
            throw new NotSupportedException("An object being verified can only be read again from its start.");
        }

        _inner.Seek(0, SeekOrigin.Begin);
        _hasher.Dispose();
        _hasher = Hasher.New();
        _position = 0;
        _verified = false;
        return 0;
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _hasher.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Account(ReadOnlySpan<byte> block)
    {
        if (block.IsEmpty)
        {
            if (_position < _length)
            {
                throw new RemoteException($"The object {_expected} in {_source} ended after {_position} of its {_length} bytes; it was not uploaded.");
            }

            return;
        }

        _hasher.Update(block);
        _position += block.Length;
        if (_position > _reported)
        {
            // A second pass over the same bytes is not progress.
            _onRead?.Invoke((int)(_position - _reported));
            _reported = _position;
        }
    }

    private void Verify(int bytesBeyondLength)
    {
        if (bytesBeyondLength > 0)
        {
            throw new RemoteException($"The object {_expected} in {_source} is longer than its {_length} bytes; it was not uploaded.");
        }

        var actual = ContentDigest.Prefix + Convert.ToHexStringLower(_hasher.Finalize().AsSpan());
        if (!string.Equals(actual, _expected, StringComparison.Ordinal))
        {
            throw new ArtifactIntegrityException(_expected, actual,
                $"The object {_expected} in {_source} hashes to {actual}; it was not uploaded. Run 'repro artifacts verify' to quarantine it.");
        }

        _verified = true;
    }
}
