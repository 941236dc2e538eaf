using System.Globalization;
using System.Text;

namespace Repro.Cli.Running;

/// <summary>
/// Keeps a stream's text for the run within a bound: the first <c>headLimit</c> and the last
/// <c>tailLimit</c> characters, with a one-line note in between saying how much was left out. Memory
/// stays bounded however long the command talks. Thread-safe.
/// </summary>
internal sealed class CapturedText(int headLimit, int tailLimit)
{
    /// <summary>The default bound per stream: 4 Mi characters of head and 4 Mi of tail.</summary>
    public const int DefaultHalf = 4 * 1024 * 1024;

    private readonly StringBuilder _head = new();
    private readonly Lock _gate = new();
    private char[]? _tail;
    private int _tailStart;
    private int _tailLength;
    private long _total;

    public CapturedText() : this(DefaultHalf, DefaultHalf)
    {
    }

    /// <summary>How many characters were appended in all.</summary>
    public long TotalChars
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public void Append(ReadOnlySpan<char> text)
    {
        lock (_gate)
        {
            _total += text.Length;
            var toHead = Math.Min(headLimit - _head.Length, text.Length);
            if (toHead > 0)
            {
                _head.Append(text[..toHead]);
                text = text[toHead..];
            }

            if (!text.IsEmpty && tailLimit > 0)
            {
                AppendTail(text);
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var omitted = _total - _head.Length - _tailLength;
            if (omitted == 0 && _tailLength == 0)
            {
                return _head.ToString();
            }

            var result = new StringBuilder(_head.Length + _tailLength + 120).Append(_head);
            if (omitted > 0)
            {
                result.Append(CultureInfo.InvariantCulture,
                    $"\n[repro: {omitted} characters left out here; the first {_head.Length} and the last {_tailLength} are kept]\n");
            }

            var firstPart = Math.Min(_tailLength, _tail!.Length - _tailStart);
            result.Append(_tail, _tailStart, firstPart).Append(_tail, 0, _tailLength - firstPart);
            return result.ToString();
        }
    }

    private void AppendTail(ReadOnlySpan<char> text)
    {
        _tail ??= new char[tailLimit];
        if (text.Length >= tailLimit)
        {
            text[^tailLimit..].CopyTo(_tail);
            _tailStart = 0;
            _tailLength = tailLimit;
            return;
        }

        foreach (var c in text)
        {
            var end = (_tailStart + _tailLength) % tailLimit;
            _tail[end] = c;
            if (_tailLength < tailLimit)
            {
                _tailLength++;
            }
            else
            {
                _tailStart = (_tailStart + 1) % tailLimit;
            }
        }
    }
}
