using Repro.Tracking;

namespace Repro.Data;

/// <summary>A value that does not fit the type declared for its column.</summary>
public sealed class ColumnTypeMismatchException : DataInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path or description.</param>
    /// <param name="lineNumber">The 1-based line of the value.</param>
    /// <param name="column">The column name.</param>
    /// <param name="value">The text found.</param>
    /// <param name="expected">The declared type.</param>
    public ColumnTypeMismatchException(string source, int lineNumber, string column, string value, ColumnType expected)
        : base(source, lineNumber, $"{Where(source, lineNumber)}column '{column}' is declared {expected.ToName()}, but the value is '{TrackingLimits.Shorten(value)}'.")
    {
        Column = column;
        Value = value;
        Expected = expected;
    }

    /// <summary>The column name.</summary>
    public string Column { get; }

    /// <summary>The text found.</summary>
    public string Value { get; }

    /// <summary>The declared type.</summary>
    public ColumnType Expected { get; }
}
