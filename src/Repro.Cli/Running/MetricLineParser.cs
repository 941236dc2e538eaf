using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Reads one line of the JSON-lines metrics file a wrapped command writes:
/// <c>{"key": "loss", "value": 0.31, "step": 3, "timestamp": 1700000000000}</c>. <c>step</c> (an integer)
/// defaults to 0 and <c>timestamp</c> (milliseconds since the Unix epoch) to the time the line is read;
/// other fields are ignored. <c>value</c> is a number or one of the strings "NaN", "Infinity", "-Infinity";
/// the bare literals NaN, Infinity and -Infinity that Python's <c>json.dumps</c> writes are accepted too.
/// </summary>
internal static partial class MetricLineParser
{
    public const string Example = "{\"key\": \"loss\", \"value\": 0.31, \"step\": 3}";

    /// <summary>Parses a line (UTF-8, without its line break). Returns false with a short reason for a bad line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, long nowMs, out MetricPoint point, out string error)
    {
        point = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException)
        {
            if (!TryParseWithBareLiterals(line, out document!))
            {
                error = "not valid JSON";
                return false;
            }
        }

        using (document)
        {
            return TryRead(document.RootElement, nowMs, out point, out error);
        }
    }

    private static bool TryParseWithBareLiterals(ReadOnlySpan<byte> line, out JsonDocument? document)
    {
        document = null;
        var text = Encoding.UTF8.GetString(line);
        if (!text.Contains("NaN", StringComparison.Ordinal) && !text.Contains("Infinity", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(BareLiteral().Replace(text, "\"$1\""));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryRead(JsonElement root, long nowMs, out MetricPoint point, out string error)
    {
        point = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "expected a JSON object";
            return false;
        }

        if (!root.TryGetProperty("key", out var keyElement) || keyElement.ValueKind != JsonValueKind.String)
        {
            error = "\"key\" is missing or not a string";
            return false;
        }

        var key = keyElement.GetString()!;
        try
        {
            TrackingLimits.ValidateKey("metric", key);
        }
        catch (InvalidRunDataException ex)
        {
            error = ex.Message;
            return false;
        }

        if (!root.TryGetProperty("value", out var valueElement) || !TryReadValue(valueElement, out var value))
        {
            error = "\"value\" is missing or not a number (use \"NaN\", \"Infinity\" or \"-Infinity\" for those)";
            return false;
        }

        long step = 0;
        if (root.TryGetProperty("step", out var stepElement) && stepElement.ValueKind != JsonValueKind.Null
            && !TryReadInteger(stepElement, truncate: false, out step))
        {
            error = "\"step\" is not an integer";
            return false;
        }

        var timestamp = nowMs;
        if (root.TryGetProperty("timestamp", out var timeElement) && timeElement.ValueKind != JsonValueKind.Null
            && !TryReadInteger(timeElement, truncate: true, out timestamp))
        {
            error = "\"timestamp\" is not a number of milliseconds since the Unix epoch";
            return false;
        }

        point = new MetricPoint(key, value, step, timestamp);
        error = string.Empty;
        return true;
    }

    private static bool TryReadValue(JsonElement element, out double value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return element.TryGetDouble(out value);
            case JsonValueKind.String:
                value = element.GetString() switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => 0,
                };
                return element.GetString() is "NaN" or "Infinity" or "-Infinity";
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryReadInteger(JsonElement element, bool truncate, out long result)
    {
        result = 0;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (element.TryGetInt64(out result))
        {
            return true;
        }

        // 3.0 is a fine step; a timestamp from time.time() * 1000 carries a fraction of a millisecond.
        if (!element.TryGetDouble(out var number) || !double.IsFinite(number) || Math.Abs(number) >= 9.2e18
            || (!truncate && number != Math.Floor(number)))
        {
            return false;
        }

        result = (long)Math.Floor(number);
        return true;
    }

    // A bare NaN or [-]Infinity in value position (after ':' '[' or ','), as Python's json module writes.
    [GeneratedRegex(@"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])", RegexOptions.CultureInvariant)]
    private static partial Regex BareLiteral();
}
