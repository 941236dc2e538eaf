namespace Repro.Storage;

/// <summary>The comparisons a filter clause can make.</summary>
public enum FilterOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c> (numeric fields only)</summary>
    Less,

    /// <summary><c>&lt;=</c> (numeric fields only)</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c> (numeric fields only)</summary>
    Greater,

    /// <summary><c>&gt;=</c> (numeric fields only)</summary>
    GreaterOrEqual,

    /// <summary><c>LIKE</c>: SQL pattern, <c>%</c> any run of characters, <c>_</c> one character; case-sensitive.</summary>
    Like,

    /// <summary><c>ILIKE</c>: as <see cref="Like"/>, ignoring ASCII case.</summary>
    ILike,

    /// <summary><c>IN ('a', 'b')</c></summary>
    In,

    /// <summary><c>NOT IN ('a', 'b')</c></summary>
    NotIn,
}
