namespace Repro.Tracking;

/// <summary>
/// A key, value or change that the tracking rules forbid: an invalid or over-long key, an over-long
/// value, or a param logged again with a different value. Nothing was written.
/// </summary>
public sealed class InvalidRunDataException : ReproException
{
    /// <summary>Creates the exception with a message naming the offending key and value.</summary>
    public InvalidRunDataException(string message) : base(message) { }
}
