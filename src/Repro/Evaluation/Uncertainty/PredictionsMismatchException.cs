namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// Two prediction sets cannot be paired: different tasks or classes, ids that do not match, different true
/// labels for the same example, or different row counts when pairing by row order.
/// </summary>
public sealed class PredictionsMismatchException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What differs, with examples.</param>
    public PredictionsMismatchException(string message) : base(message) { }
}
