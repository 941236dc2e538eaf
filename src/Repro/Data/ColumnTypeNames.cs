using System.Diagnostics.CodeAnalysis;

namespace Repro.Data;

/// <summary>The names of <see cref="ColumnType"/> values in recorded schemas, JSON and the command line.</summary>
public static class ColumnTypeNames
{
    /// <summary>The name of a type: <c>long</c>, <c>double</c>, <c>bool</c> or <c>string</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined type.</exception>
    public static string ToName(this ColumnType type) => type switch
    {
        ColumnType.Int64 => "long",
        ColumnType.Double => "double",
        ColumnType.Boolean => "bool",
        ColumnType.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a column type."),
    };

    /// <summary>Parses a type name (<c>long</c>, <c>double</c>, <c>bool</c>, <c>string</c>; case-insensitive).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ColumnType? type)
    {
        type = name?.ToUpperInvariant() switch
        {
            "LONG" => ColumnType.Int64,
            "DOUBLE" => ColumnType.Double,
            "BOOL" => ColumnType.Boolean,
            "STRING" => ColumnType.String,
            _ => null,
        };
        return type is not null;
    }
}
