using System.Security.Cryptography;

namespace Repro.Tracking;

/// <summary>
/// A run's identity: 32 lowercase hexadecimal characters (128 random bits), as MLflow uses.
/// </summary>
public readonly record struct RunId
{
    /// <summary>The number of characters in a full run id.</summary>
    public const int Length = 32;

    private RunId(string value) => Value = value;

    /// <summary>The 32 lowercase hex characters.</summary>
    public string Value { get; }

    /// <summary>Draws a new random id from the operating system's cryptographic generator.</summary>
    /// <remarks>Run ids identify; they never feed results, so they do not come from the run seed.</remarks>
    public static RunId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2)));

    /// <summary>Parses a full id.</summary>
    /// <exception cref="InvalidRunDataException">The text is not 32 lowercase hex characters.</exception>
    public static RunId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var id))
        {
            throw new InvalidRunDataException($"'{text}' is not a run id: expected {Length} lowercase hexadecimal characters.");
        }

        return id;
    }

    /// <summary>Parses a full id, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, out RunId id)
    {
        id = default;
        if (text is null || text.Length != Length || !IsHex(text))
        {
            return false;
        }

        id = new RunId(text);
        return true;
    }

    /// <summary>True when <paramref name="text"/> is non-empty and made only of lowercase hex characters.</summary>
    public static bool IsHex(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
