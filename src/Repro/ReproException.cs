namespace Repro;

/// <summary>
/// The root of every exception Repro throws on purpose. Catch this type to handle any Repro failure;
/// catch a subtype to handle one kind.
/// </summary>
public class ReproException : Exception
{
    /// <summary>Creates an exception with a message that says what went wrong and, where possible, what to do.</summary>
    public ReproException(string message) : base(message) { }

    /// <summary>Creates an exception that wraps the failure that caused it.</summary>
    public ReproException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>
    /// True when the same call may succeed if retried later (a locked database, a dropped connection).
    /// False for mistakes in the input, which fail the same way every time.
    /// </summary>
    public virtual bool IsTransient => false;
}
