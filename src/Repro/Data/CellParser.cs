using System.Globalization;

namespace Repro.Data;

/// <summary>
/// How field text becomes a typed value, in the invariant culture. Integers: optional sign and digits,
/// surrounding spaces allowed. Doubles: decimal or exponent notation, <c>NaN</c>, <c>Infinity</c>,
/// <c>-Infinity</c>; no thousands separators. Booleans: <c>true</c> or <c>false</c>, any case.
/// </summary>
internal static class CellParser
{
    public static bool TryInt64(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryDouble(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryBoolean(ReadOnlySpan<char> text, out bool value)
    {
        var trimmed = text.Trim(' ');
        if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return trimmed.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
