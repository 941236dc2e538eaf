namespace Repro.Evaluation;

/// <summary>A run has no predictions under the name asked for.</summary>
public sealed class PredictionsNotFoundException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which run and name, and how to log predictions.</param>
    public PredictionsNotFoundException(string message) : base(message) { }
}
