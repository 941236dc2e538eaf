namespace Repro.Artifacts;

/// <summary>What checking an object found.</summary>
internal enum ObjectState
{
    /// <summary>Its content matches its digest.</summary>
    Intact,

    /// <summary>It is not stored.</summary>
    Missing,

    /// <summary>Its content does not match its digest; it has been quarantined.</summary>
    Corrupt,
}
