namespace Repro.Data;

/// <summary>The type of a table column. Every value of a column has its type, or is missing.</summary>
/// <remarks>Recorded and printed by the names <c>long</c>, <c>double</c>, <c>bool</c> and <c>string</c> (<see cref="ColumnTypeNames"/>).</remarks>
public enum ColumnType
{
    /// <summary>64-bit signed integers (<c>long</c>).</summary>
    Int64 = 1,

    /// <summary>IEEE 754 double-precision numbers, NaN and the infinities included (<c>double</c>).</summary>
    Double = 2,

    /// <summary>true or false (<c>bool</c>).</summary>
    Boolean = 3,

    /// <summary>Text (<c>string</c>).</summary>
    String = 4,
}
