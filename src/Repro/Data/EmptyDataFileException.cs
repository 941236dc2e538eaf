namespace Repro.Data;

/// <summary>A CSV source with no header, or with a header but no rows.</summary>
public sealed class EmptyDataFileException : DataInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path or description.</param>
    /// <param name="hasHeader">True when there was a header line but no data rows.</param>
    public EmptyDataFileException(string source, bool hasHeader)
        : base(source, null, hasHeader
            ? $"{source}: has a header but no rows."
            : $"{source}: is empty (expected a header line, then one row per example).")
    {
        HasHeader = hasHeader;
    }

    /// <summary>True when there was a header line but no data rows.</summary>
    public bool HasHeader { get; }
}
