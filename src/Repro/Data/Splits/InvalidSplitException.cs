namespace Repro.Data.Splits;

/// <summary>A split that cannot be made as asked: bad fractions or fold counts, a missing or duplicate key, too few groups, an unusable time value.</summary>
public sealed class InvalidSplitException : ReproException
{
    /// <summary>Creates the exception with a message that says what is wrong and where.</summary>
    public InvalidSplitException(string message) : base(message) { }
}
