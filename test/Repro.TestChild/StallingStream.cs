namespace Repro.TestChild;

/// <summary>A stream that returns <c>blocks</c> MiB of data, then says "ready" and stalls (until killed, or for <c>stall</c>).</summary>
internal sealed class StallingStream(int blocks, TimeSpan stall) : Stream
{
    private int _served;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_served < blocks)
        {
            _served++;
            var size = Math.Min(count, 1 << 20);
            Array.Fill(buffer, (byte)_served, offset, size);
            return size;
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        Thread.Sleep(stall);
        return 0;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
