namespace Repro.Storage;

/// <summary>A sort key for run searches, such as <c>metrics.loss ASC</c>. Runs lacking the field sort last.</summary>
/// <param name="Field">The field to sort by.</param>
/// <param name="Descending">True for DESC.</param>
public sealed record RunOrder(RunField Field, bool Descending)
{
    /// <summary>
    /// Parses <c>FIELD [ASC|DESC]</c>, where FIELD is <c>metrics.KEY</c>, <c>params.KEY</c>,
    /// <c>tags.KEY</c> or an attribute (<c>start_time</c>, <c>attributes.run_name</c>, ...). ASC is the default.
    /// </summary>
    /// <exception cref="InvalidQueryException">The expression does not parse.</exception>
    public static RunOrder Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var scanner = new FilterScanner(expression);
        var field = scanner.ReadField();
        var descending = false;
        var word = scanner.TryReadWord();
        if (word is not null)
        {
            descending = word.ToUpperInvariant() switch
            {
                "ASC" => false,
                "DESC" => true,
                _ => throw new InvalidQueryException($"Invalid order-by '{expression}': expected ASC or DESC after {field}, found '{word}'.", scanner.Position),
            };
        }

        scanner.ExpectEnd("order-by");
        return new RunOrder(field, descending);
    }
}
