namespace Repro.Data;

/// <summary>A column of a table's schema: its name and type.</summary>
/// <param name="Name">The column name, as in the CSV header.</param>
/// <param name="Type">The type of its values.</param>
public sealed record ColumnDefinition(string Name, ColumnType Type);
