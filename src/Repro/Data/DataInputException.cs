namespace Repro.Data;

/// <summary>
/// Data that cannot be read as a table: the root of the CSV and column errors. The message names the
/// source and, where there is one, the line.
/// </summary>
public class DataInputException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path, or a description such as "CSV text".</param>
    /// <param name="lineNumber">The 1-based line where the problem is, or null.</param>
    /// <param name="message">The full message.</param>
    public DataInputException(string source, int? lineNumber, string message)
        : base(message)
    {
        DataSource = source;
        LineNumber = lineNumber;
    }

    /// <summary>The file path, or a description such as "CSV text".</summary>
    public string DataSource { get; }

    /// <summary>The 1-based line of the problem (the header is line 1), or null when it concerns no line.</summary>
    public int? LineNumber { get; }

    /// <summary>"SOURCE line N: " or "SOURCE: ", the start of every message.</summary>
    private protected static string Where(string source, int? lineNumber) =>
        lineNumber is null ? $"{source}: " : $"{source} line {lineNumber}: ";
}
