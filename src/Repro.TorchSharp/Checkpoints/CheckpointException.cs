namespace Repro.TorchSharp.Checkpoints;

/// <summary>
/// A checkpoint cannot be restored: it is not a checkpoint this version reads, or it does not fit the model or the
/// optimiser it is loaded into (the message names the first parameter that differs). Nothing was changed.
/// </summary>
public sealed class CheckpointException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What does not fit, and what to do.</param>
    /// <param name="parameter">The parameter (state-dict key) that does not fit, or null when the mismatch is not about one.</param>
    /// <param name="innerException">The failure that revealed it, or null.</param>
    public CheckpointException(string message, string? parameter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Parameter = parameter;
    }

    /// <summary>The model parameter or buffer (state-dict key) that does not fit, or null.</summary>
    public string? Parameter { get; }
}
