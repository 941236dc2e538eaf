using System.Text;

namespace Repro.Cli.Running;

/// <summary>
/// Copies one output stream of the wrapped command to the wrapper's own stream as it arrives (raw
/// chunks, not lines, so progress bars and prompts show at once) and into a <see cref="CapturedText"/>
/// for the run. If the live side fails (a closed pipe), capturing goes on so the command never blocks.
/// </summary>
internal sealed class StreamTee
{
    private readonly Stream _source;
    private readonly TextWriter _live;
    private readonly Lock _liveGate;
    private readonly Thread _thread;
    private bool _liveBroken;

    /// <param name="source">The command's stdout or stderr pipe.</param>
    /// <param name="live">Where to show it now.</param>
    /// <param name="liveGate">Held while writing to <paramref name="live"/>, which other threads share.</param>
    /// <param name="name">"stdout" or "stderr", for the thread name.</param>
    public StreamTee(Stream source, TextWriter live, Lock liveGate, string name)
    {
        _source = source;
        _live = live;
        _liveGate = liveGate;
        _thread = new Thread(Copy) { IsBackground = true, Name = $"repro-tee-{name}" };
    }

    public CapturedText Captured { get; } = new();

    public void Start() => _thread.Start();

    /// <summary>Waits until the stream ends (every process holding it has closed it), at most <paramref name="timeout"/>.</summary>
    public bool Wait(TimeSpan timeout) => _thread.Join(timeout);

    private void Copy()
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        while (true)
        {
            int read;
            try
            {
                read = _source.Read(bytes);
            }
            catch (IOException)
            {
                read = 0;
            }
            catch (ObjectDisposedException)
            {
                read = 0;
            }

            // A multi-byte character split across chunks is held by the decoder until it is complete.
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            if (count > 0)
            {
                Captured.Append(chars.AsSpan(0, count));
                Show(chars.AsSpan(0, count));
            }

            if (read == 0)
            {
                return;
            }
        }
    }

    private void Show(ReadOnlySpan<char> text)
    {
        if (_liveBroken)
        {
            return;
        }

        lock (_liveGate)
        {
            try
            {
                _live.Write(text);
                _live.Flush();
            }
            catch (IOException)
            {
                _liveBroken = true;
            }
            catch (ObjectDisposedException)
            {
                _liveBroken = true;
            }
        }
    }
}
