using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Follows the JSON-lines metrics file a wrapped command appends to: polls it, hands every complete
/// line's point to the run, and counts the lines it cannot read. <see cref="Stop"/> drains what is
/// left, including a last line without a line break.
/// </summary>
internal sealed class MetricsFileFollower : IDisposable
{
    /// <summary>A line longer than this is rejected without being held in memory.</summary>
    public const int MaxLineBytes = 1 << 20;

    private readonly string _path;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Action<MetricPoint> _accept;
    private readonly Action<long, string> _reject;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private readonly byte[] _chunk = new byte[64 * 1024];
    private byte[] _pending = new byte[4096];
    private int _pendingLength;
    private bool _discardingLongLine;
    private long _position;
    private long _lineNumber;
    private long _accepted;
    private long _rejected;
    private Exception? _failure;

    /// <param name="path">The metrics file.</param>
    /// <param name="interval">How often to look for new lines.</param>
    /// <param name="time">The clock for points without a timestamp.</param>
    /// <param name="accept">Receives each valid point, in file order.</param>
    /// <param name="reject">Receives the 1-based line number and the reason of each bad line.</param>
    public MetricsFileFollower(string path, TimeSpan interval, TimeProvider time, Action<MetricPoint> accept, Action<long, string> reject)
    {
        _path = path;
        _interval = interval;
        _time = time;
        _accept = accept;
        _reject = reject;
        _thread = new Thread(Follow) { IsBackground = true, Name = "repro-metrics-follower" };
    }

    /// <summary>Points taken in so far.</summary>
    public long AcceptedPoints => Interlocked.Read(ref _accepted);

    /// <summary>Lines rejected so far.</summary>
    public long RejectedLines => Interlocked.Read(ref _rejected);

    public void Start() => _thread.Start();

    /// <summary>Stops polling and reads whatever the file holds now, the unterminated last line included.</summary>
    /// <exception cref="IOException">The file could not be read.</exception>
    public void Stop()
    {
        _stop.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        Poll();
        if (_pendingLength > 0 && !_discardingLongLine)
        {
            _lineNumber++;
            HandleLine(_pending.AsSpan(0, _pendingLength));
        }

        _pendingLength = 0;
        if (_failure is not null)
        {
            throw new IOException($"Could not take in the metrics file {_path}: {_failure.Message}", _failure);
        }
    }

    public void Dispose() => _stop.Dispose();

    private void Follow()
    {
        while (!_stop.Wait(_interval))
        {
            try
            {
                Poll();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Retried at the next poll and reported by Stop if it never recovers; never thrown on
                // this thread, where it would end the whole process.
                _failure = ex;
            }
        }
    }

    /// <summary>Takes in the complete lines written since the last look. Called by the polling thread (or a test that did not start it).</summary>
    internal void Poll()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        if (stream.Length < _position)
        {
            // The command truncated or replaced the file: start over from its beginning.
            _position = 0;
            _pendingLength = 0;
            _discardingLongLine = false;
        }

        stream.Position = _position;
        int read;
        while ((read = stream.Read(_chunk)) > 0)
        {
            _position += read;
            Consume(_chunk.AsSpan(0, read));
        }

        _failure = null;
    }

    private void Consume(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var part = newline < 0 ? data : data[..newline];
            if (!_discardingLongLine)
            {
                Append(part);
            }

            if (newline < 0)
            {
                return;
            }

            _lineNumber++;
            if (_discardingLongLine)
            {
                _discardingLongLine = false;
            }
            else
            {
                HandleLine(_pending.AsSpan(0, _pendingLength));
            }

            _pendingLength = 0;
            data = data[(newline + 1)..];
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_pendingLength + part.Length > MaxLineBytes)
        {
            _discardingLongLine = true;
            _pendingLength = 0;
            Reject(_lineNumber + 1, $"longer than {MaxLineBytes} bytes");
            return;
        }

        if (_pendingLength + part.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + part.Length));
        }

        part.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += part.Length;
    }

    private void HandleLine(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd("\r\t "u8).TrimStart("\t "u8);
        if (line.IsEmpty)
        {
            return;
        }

        if (MetricLineParser.TryParse(line, _time.GetUtcNow().ToUnixTimeMilliseconds(), out var point, out var error))
        {
            _accept(point);
            Interlocked.Increment(ref _accepted);
        }
        else
        {
            Reject(_lineNumber, error);
        }
    }

    private void Reject(long lineNumber, string reason)
    {
        Interlocked.Increment(ref _rejected);
        _reject(lineNumber, reason);
    }
}
