namespace Repro.Artifacts;

/// <summary>
/// An artifact operation failed on its input or its storage: a missing or unreadable path, an invalid name,
/// a reference that matches nothing, a full disk. The message says which and what to do.
/// </summary>
public class ArtifactException : ReproException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and, where possible, what to do.</param>
    /// <param name="isTransient">True when retrying later may succeed (a full disk).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ArtifactException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException) => _isTransient = isTransient;

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;
}
