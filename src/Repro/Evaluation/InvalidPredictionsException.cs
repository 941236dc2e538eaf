namespace Repro.Evaluation;

/// <summary>
/// A predictions file (or a run's logged predictions) cannot be read: it is empty, misses a column, has a
/// malformed line, a score that is not a finite number, a label outside the declared classes, duplicate
/// ids, or no rows. The message names the source and, where there is one, the line.
/// </summary>
public sealed class InvalidPredictionsException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, starting with the source and line.</param>
    /// <param name="lineNumber">The 1-based line the problem is on (the header is line 1), or null.</param>
    public InvalidPredictionsException(string message, long? lineNumber = null) : base(message) => LineNumber = lineNumber;

    /// <summary>The 1-based line of the problem (the header is line 1), or null when it concerns no single line.</summary>
    public long? LineNumber { get; }
}
