namespace Repro.Data;

/// <summary>
/// Strict RFC 4180 unquoting of one raw field. The parser (Sep) splits rows and fields and tracks
/// quotes, but forgives malformed quoting; this check makes a stray or unclosed quote an error with
/// its line number instead of a silently wrong value.
/// </summary>
internal static class CsvField
{
    /// <summary>
    /// The field's value: <paramref name="raw"/> itself when it has no quote, else the text between
    /// its outer quotes with each doubled quote made single, written to <paramref name="scratch"/>.
    /// </summary>
    /// <returns>Null when the value is well formed; else what is wrong with it.</returns>
    public static string? TryUnquote(ReadOnlySpan<char> raw, ref char[] scratch, out ReadOnlySpan<char> value)
    {
        value = raw;
        if (raw.IndexOf('"') < 0)
        {
            return null;
        }

        if (raw[0] != '"')
        {
            return "a quote inside an unquoted field (quote the whole field and double the inner quote: \"a\"\"b\")";
        }

        if (raw.Length < 2 || raw[^1] != '"')
        {
            return "a quoted field is not closed (its closing quote must end the field)";
        }

        var inner = raw[1..^1];
        if (scratch.Length < inner.Length)
        {
            scratch = new char[Math.Max(inner.Length, scratch.Length * 2)];
        }

        var length = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    return "a quote inside a quoted field must be doubled (\"\"), or the field is not closed";
                }

                i++;
            }

            scratch[length++] = c;
        }

        value = scratch.AsSpan(0, length);
        return null;
    }
}
