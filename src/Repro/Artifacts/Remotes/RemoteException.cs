namespace Repro.Artifacts.Remotes;

/// <summary>
/// An artifact remote could not be configured, reached, read or written. <see cref="ReproException.IsTransient"/>
/// says whether retrying later may help (a timeout, a dropped connection, a throttled request).
/// </summary>
public sealed class RemoteException : ReproException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the remote and the object, and where possible what to do.</param>
    /// <param name="isTransient">True when retrying later may succeed.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public RemoteException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException) => _isTransient = isTransient;

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;
}
