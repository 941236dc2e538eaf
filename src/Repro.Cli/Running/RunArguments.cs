using System.Globalization;
using System.Text.Json;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>Parses and checks the values of <c>repro run</c>'s options, so bad input fails before a run exists.</summary>
internal static class RunArguments
{
    /// <summary>The tag prefix under which <c>--tolerance METRIC=VALUE</c> is recorded.</summary>
    public const string TolerancePrefix = "repro.tolerance.";

    /// <summary>Parses <c>--seed</c>: an unsigned 64-bit decimal number.</summary>
    public static ulong? ParseSeed(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidRunArgumentException(
                $"Invalid --seed '{TrackingLimits.Shorten(text)}': expected a whole number from 0 to {ulong.MaxValue}.");
    }

    /// <summary>Parses every <c>-p key=value</c>; a key given twice must have the same value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseParams(IEnumerable<string> values)
    {
        var result = new List<KeyValuePair<string, string>>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var (key, value) = SplitPair("-p", text, "key=value", "-p lr=0.01");
            try
            {
                TrackingLimits.ValidateKey("param", key);
                TrackingLimits.ValidateParamValue(key, value);
            }
            catch (InvalidRunDataException ex)
            {
                throw new InvalidRunArgumentException($"Invalid -p '{TrackingLimits.Shorten(text)}': {ex.Message}");
            }

            if (seen.TryGetValue(key, out var earlier))
            {
                if (earlier != value)
                {
                    throw new InvalidRunArgumentException(
                        $"Param '{key}' is given twice with different values ('{TrackingLimits.Shorten(earlier)}' and '{TrackingLimits.Shorten(value)}').");
                }

                continue;
            }

            seen.Add(key, value);
            result.Add(KeyValuePair.Create(key, value));
        }

        return result;
    }

    /// <summary>Parses every <c>--tolerance metric=VALUE</c> into its tag; VALUE must be a finite number &gt;= 0.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseTolerances(IEnumerable<string> values)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var (metric, number) = SplitPair("--tolerance", text, "metric=VALUE", "--tolerance loss=1e-9");
            number = number.Trim();
            try
            {
                TrackingLimits.ValidateKey("metric", metric);
                TrackingLimits.ValidateKey("tag", TolerancePrefix + metric);
            }
            catch (InvalidRunDataException ex)
            {
                throw new InvalidRunArgumentException($"Invalid --tolerance '{TrackingLimits.Shorten(text)}': {ex.Message}");
            }

            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var tolerance)
                || !double.IsFinite(tolerance) || tolerance < 0)
            {
                throw new InvalidRunArgumentException(
                    $"Invalid --tolerance '{TrackingLimits.Shorten(text)}': the tolerance must be a finite number >= 0, such as 1e-9.");
            }

            tags[TolerancePrefix + metric] = number;
        }

        return [.. tags];
    }

    /// <summary>The <see cref="SystemTags.Command"/> value: the command line as a JSON array.</summary>
    public static string CommandTag(IReadOnlyList<string> command)
    {
        var json = JsonSerializer.Serialize(command, CliJson.Compact);
        return json.Length <= TrackingLimits.MaxTagValueLength
            ? json
            : throw new InvalidRunArgumentException(
                $"The command line is {json.Length} characters as JSON; at most {TrackingLimits.MaxTagValueLength} can be recorded. Put the arguments in a script or a config file.");
    }

    private static (string Key, string Value) SplitPair(string option, string text, string form, string example)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new InvalidRunArgumentException(
                $"Invalid {option} '{TrackingLimits.Shorten(text)}': expected {form}, for example {example}.");
        }

        return (text[..equals], text[(equals + 1)..]);
    }
}
