namespace Repro.Storage;

/// <summary>
/// The store could not be opened, read or written: missing, read-only, not a Repro store, locked,
/// or failing underneath. <see cref="ReproException.IsTransient"/> says whether a retry may help.
/// </summary>
public sealed class StoreException : ReproException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and, where possible, what to do about it.</param>
    /// <param name="isTransient">True when retrying later may succeed.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public StoreException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException) => _isTransient = isTransient;

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;
}
