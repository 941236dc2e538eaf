using System.Buffers;

namespace Repro.Evaluation;

/// <summary>
/// Reads CSV records (RFC 4180: comma-separated, double-quoted fields with <c>""</c> for a quote, quoted
/// fields may span lines; LF, CRLF or CR line ends) from a text stream, one record at a time, without
/// holding more than one record in memory. Blank lines are skipped. Fields are returned as spans into a
/// reused buffer, so reading allocates nothing per field.
/// </summary>
internal sealed class CsvRecordReader
{
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\"");

    private readonly TextReader _reader;
    private readonly string _source;
    private readonly char[] _buffer = new char[1 << 16];
    private int _position;
    private int _length;
    private char[] _record = new char[256];
    private int _recordLength;
    private int[] _fieldEnds = new int[16];
    private long _line = 1;

    /// <param name="reader">The text to read.</param>
    /// <param name="source">What the text is, for error messages ("predictions.csv").</param>
    public CsvRecordReader(TextReader reader, string source)
    {
        _reader = reader;
        _source = source;
    }

    /// <summary>The 1-based line the current record starts on.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>A field of the current record, unquoted; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)FieldCount, nameof(index));
        var start = index == 0 ? 0 : _fieldEnds[index - 1];
        return _record.AsSpan(start, _fieldEnds[index] - start);
    }

    /// <summary>Reads the next record; false at the end of the text.</summary>
    /// <exception cref="InvalidPredictionsException">A quote is misplaced or never closed.</exception>
    public bool Read()
    {
        // Skip blank lines.
        while (true)
        {
            var next = Peek();
            if (next < 0)
            {
                return false;
            }

            if (next is not ('\n' or '\r'))
            {
                break;
            }

            ConsumeLineEnd();
        }

        LineNumber = _line;
        FieldCount = 0;
        _recordLength = 0;
        while (true)
        {
            if (Peek() == '"')
            {
                ReadQuoted();
            }
            else
            {
                ReadUnquoted();
            }

            EndField();
            var next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next >= 0)
            {
                ConsumeLineEnd();
            }

            return true;
        }
    }

    private void ReadUnquoted()
    {
        while (_position < _length || Fill())
        {
            var span = _buffer.AsSpan(_position, _length - _position);
            var stop = span.IndexOfAny(UnquotedStops);
            if (stop < 0)
            {
                Append(span);
                _position = _length;
                continue;
            }

            Append(span[..stop]);
            _position += stop;
            if (_buffer[_position] == '"')
            {
                throw new InvalidPredictionsException(
                    $"{_source} line {_line}: malformed CSV: a quote inside a field that does not start with one (quote the whole field and double the inner quotes).", _line);
            }

            return;
        }
    }

    private void ReadQuoted()
    {
        _position++; // the opening quote
        while (true)
        {
            if (_position == _length && !Fill())
            {
                throw new InvalidPredictionsException($"{_source} line {LineNumber}: malformed CSV: a quoted field is never closed.", LineNumber);
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            var quote = span.IndexOf('"');
            var text = quote < 0 ? span : span[..quote];
            _line += text.Count('\n') + CountLoneCarriageReturns(text);
            Append(text);
            if (quote < 0)
            {
                _position = _length;
                continue;
            }

            _position += quote + 1;
            var next = Peek();
            if (next == '"')
            {
                Append("\"");
                _position++;
                continue;
            }

            if (next is >= 0 and not (',' or '\n' or '\r'))
            {
                throw new InvalidPredictionsException(
                    $"{_source} line {_line}: malformed CSV: '{(char)next}' after the closing quote of a field (expected a comma or the end of the line).", _line);
            }

            return;
        }
    }

    /// <summary>Carriage returns not followed by a line feed end a line too (a CRLF pair counts once, by its LF).</summary>
    private static int CountLoneCarriageReturns(ReadOnlySpan<char> text)
    {
        // A CR at the end of the span may pair with an LF in the next block; such a split is rare and only
        // shifts the line numbers of later messages, so it is counted as part of a CRLF.
        var count = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == '\r' && text[i + 1] != '\n')
            {
                count++;
            }
        }

        return count;
    }

    private void ConsumeLineEnd()
    {
        if (_buffer[_position] == '\r')
        {
            _position++;
            if (Peek() == '\n')
            {
                _position++;
            }
        }
        else
        {
            _position++;
        }

        _line++;
    }

    private int Peek() => _position < _length || Fill() ? _buffer[_position] : -1;

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_recordLength + text.Length > _record.Length)
        {
            Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + text.Length));
        }

        text.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += text.Length;
    }

    private void EndField()
    {
        if (FieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        }

        _fieldEnds[FieldCount++] = _recordLength;
    }
}
