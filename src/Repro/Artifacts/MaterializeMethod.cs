namespace Repro.Artifacts;

/// <summary>How <c>get</c> placed a file: cheapest first.</summary>
internal enum MaterializeMethod
{
    /// <summary>A copy-on-write clone (FICLONE): shares blocks, edits never reach the store.</summary>
    Reflink,

    /// <summary>A read-only hard link to the object: no copy; it must not be made writable and edited.</summary>
    Hardlink,

    /// <summary>A verified byte copy.</summary>
    Copy,
}
