namespace Repro.Data;

/// <summary>A column that was asked for (by a schema, a key, a split) is not in the table.</summary>
public sealed class MissingColumnException : DataInputException
{
    /// <summary>Creates the exception; the message lists the columns there are.</summary>
    /// <param name="source">The file path or description of the table.</param>
    /// <param name="column">The column asked for.</param>
    /// <param name="available">The table's columns.</param>
    /// <param name="purpose">What the column was wanted for, such as "key" or "declared in the schema"; null for none.</param>
    public MissingColumnException(string source, string column, IReadOnlyList<string> available, string? purpose = null)
        : base(source, null, $"{Where(source, null)}no column '{column}'{(purpose is null ? "" : $" ({purpose})")}; the columns are {Describe(available)}.")
    {
        Column = column;
        Available = available;
    }

    /// <summary>The column asked for.</summary>
    public string Column { get; }

    /// <summary>The table's columns.</summary>
    public IReadOnlyList<string> Available { get; }

    private static string Describe(IReadOnlyList<string> available)
    {
        const int Shown = 20;
        var names = string.Join(", ", available.Take(Shown).Select(n => $"'{n}'"));
        return available.Count > Shown ? $"{names} and {available.Count - Shown} more" : names;
    }
}
