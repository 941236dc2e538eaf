using nietras.SeparatedValues;

namespace Repro.Data;

/// <summary>
/// Loads CSV into a typed, columnar <see cref="Table"/>.
/// </summary>
/// <remarks>
/// <para>The format: a header line of column names, then one row per line; fields separated by
/// <see cref="CsvOptions.Separator"/>; RFC 4180 quoting (a field in double quotes may hold separators,
/// line breaks and doubled quotes). Line endings \n, \r\n and \r are all accepted; a UTF-8 byte order mark
/// is ignored; blank lines are skipped. A stray or unclosed quote, a row with a different number of fields
/// than the header, or a duplicate column name is a <see cref="MalformedCsvException"/> naming the line.</para>
/// <para>Types: a column declared in <see cref="CsvOptions.ColumnTypes"/> has that type; any other column
/// gets the first of long, double, bool that all its non-missing values parse as, else string (a column
/// with no values at all is string). Inference reads the whole source, not a sample, so a file is read
/// twice unless every column is declared. Values equal to one of <see cref="CsvOptions.MissingValues"/>
/// (after unquoting) are missing in any column.</para>
/// <para>Spellings, in the invariant culture, spaces around the value allowed: long, an optional sign and
/// digits; double, decimal or exponent notation, <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> (no thousands
/// separators); bool, <c>true</c> or <c>false</c> in any case (not 0/1, which read as long). Strings are kept exactly.</para>
/// </remarks>
public static class CsvTable
{
    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file; its path is named in error messages.</param>
    /// <param name="options">Schema, missing-value markers and separator; null for the defaults.</param>
    /// <exception cref="DataInputException">The file cannot be read, or is empty, malformed, lacks a declared column,
    /// or has a value that does not fit its declared type (a subtype says which).</exception>
    public static Table Load(string path, CsvOptions? options = null) => Load(path, options, path);

    /// <summary>Reads a CSV file, naming it <paramref name="displayName"/> in messages (the path as the user typed it).</summary>
    internal static Table Load(string path, CsvOptions? options, string displayName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new CsvOptions();
        try
        {
            return new CsvTableReader(displayName, options, () => Reader(options).FromFile(path)).Read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataInputException(displayName, null, $"{displayName}: cannot be read: {ex.Message}");
        }
    }

    /// <summary>Reads CSV text (named "CSV text" in error messages).</summary>
    /// <exception cref="DataInputException">The text is empty, malformed, lacks a declared column, or has a value
    /// that does not fit its declared type.</exception>
    public static Table Parse(string text, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new CsvOptions();
        return new CsvTableReader("CSV text", options, () => Reader(options).FromText(text)).Read();
    }

    /// <summary>The Sep reader settings every pass uses: no header handling (done here), no column-count check (done here with a better message), raw fields (unquoted here, strictly).</summary>
    internal static SepReaderOptions Reader(CsvOptions options) =>
        Sep.New(options.Separator).Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = false });
}
