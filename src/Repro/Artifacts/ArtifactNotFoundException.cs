namespace Repro.Artifacts;

/// <summary>A reference (name, version, alias or digest) matches no artifact in the store.</summary>
public sealed class ArtifactNotFoundException : ArtifactException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The reference as the user gave it.</param>
    /// <param name="message">What was looked for and what exists instead.</param>
    public ArtifactNotFoundException(string reference, string message) : base(message) => Reference = reference;

    /// <summary>The reference that matched nothing.</summary>
    public string Reference { get; }
}
