namespace Repro.Data;

/// <summary>A CSV line that breaks the format: a wrong number of fields, a stray or unclosed quote, a duplicate column name.</summary>
public sealed class MalformedCsvException : DataInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path or description.</param>
    /// <param name="lineNumber">The 1-based line where the bad row starts (the header is line 1).</param>
    /// <param name="problem">What is wrong, such as "expected 3 fields, found 4".</param>
    public MalformedCsvException(string source, int lineNumber, string problem)
        : base(source, lineNumber, $"{Where(source, lineNumber)}{problem}")
    {
    }
}
