namespace Repro.Tracking;

/// <summary>No run matches the id or prefix given, or the prefix matches more than one run.</summary>
public sealed class RunNotFoundException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The id or prefix the user gave.</param>
    /// <param name="message">What went wrong, naming the reference.</param>
    public RunNotFoundException(string reference, string message) : base(message) => Reference = reference;

    /// <summary>The id or prefix that did not resolve to exactly one run.</summary>
    public string Reference { get; }
}
