namespace Repro.Storage;

/// <summary>A filter or order-by expression that does not parse or asks for an unsupported comparison.</summary>
public sealed class InvalidQueryException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="position">The zero-based character position of the problem, or -1.</param>
    public InvalidQueryException(string message, int position = -1) : base(message) => Position = position;

    /// <summary>The zero-based character position of the problem in the expression, or -1.</summary>
    public int Position { get; }
}
