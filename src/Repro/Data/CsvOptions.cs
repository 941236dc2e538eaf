namespace Repro.Data;

/// <summary>How <see cref="CsvTable"/> reads a CSV source.</summary>
public sealed record CsvOptions
{
    /// <summary>The default missing-value markers: the empty field and <c>NA</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultMissingValues = ["", "NA"];

    /// <summary>
    /// Declared column types, by column name. A declared column must exist, and each of its values must
    /// parse as the type (else <see cref="ColumnTypeMismatchException"/>). Columns not named here are inferred.
    /// Default: none declared.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnType> ColumnTypes { get; init; } = new Dictionary<string, ColumnType>();

    /// <summary>
    /// Field values (after unquoting, compared exactly) that mean "missing" in every column. Default: the
    /// empty field and <c>NA</c> (<see cref="DefaultMissingValues"/>). "NaN" is not missing: it is a double value.
    /// </summary>
    public IReadOnlyList<string> MissingValues { get; init; } = DefaultMissingValues;

    /// <summary>The field separator; default ','. Use '\t' for TSV.</summary>
    public char Separator { get; init; } = ',';
}
