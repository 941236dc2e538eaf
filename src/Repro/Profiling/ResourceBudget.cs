using System.Globalization;
using System.Text.RegularExpressions;

namespace Repro.Profiling;

/// <summary>
/// Limits on a run: the most resident memory its processes may use together, and the longest it may
/// take. A run is warned at <see cref="WarnFraction"/> of a limit and stopped when it exceeds one.
/// </summary>
/// <param name="MaxMemoryBytes">The memory limit in bytes, or null.</param>
/// <param name="MaxTime">The time limit, or null.</param>
internal sealed partial record ResourceBudget(long? MaxMemoryBytes, TimeSpan? MaxTime)
{
    /// <summary>The share of a limit at which a warning is given: 90%.</summary>
    public const double WarnFraction = 0.9;

    /// <summary>True when there is any limit.</summary>
    public bool Any => MaxMemoryBytes is not null || MaxTime is not null;

    /// <summary>
    /// Parses a memory size: a number and a unit, such as <c>4GB</c>, <c>512MiB</c>, <c>1.5G</c>.
    /// KB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB (and K, M, G, T) powers of 1024; B or no unit is bytes.
    /// </summary>
    /// <exception cref="InvalidBudgetException">It does not parse or is not positive.</exception>
    public static long ParseBytes(string option, string text)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new InvalidBudgetException($"Invalid {option} '{text}': expected a size such as 4GB, 512MiB or 1.5G (KB/MB/GB are powers of 1000, KiB/MiB/GiB and K/M/G powers of 1024).");
        }

        var multiplier = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1d,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "K" or "KIB" => 1024d,
            "M" or "MIB" => 1024d * 1024,
            "G" or "GIB" => 1024d * 1024 * 1024,
            _ => 1024d * 1024 * 1024 * 1024,
        };
        var bytes = number * multiplier;
        return bytes is >= 1 and < long.MaxValue
            ? (long)bytes
            : throw new InvalidBudgetException($"Invalid {option} '{text}': the size must be at least 1 byte.");
    }

    /// <summary>Parses a duration: numbers with units s, m, h, d, combined as in <c>1h30m</c>; such as <c>90s</c>, <c>10m</c>, <c>1.5h</c>.</summary>
    /// <exception cref="InvalidBudgetException">It does not parse or is not positive.</exception>
    public static TimeSpan ParseDuration(string option, string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var parts = DurationPart().Matches(trimmed);
        if (trimmed.Length == 0 || parts.Sum(m => m.Length) != trimmed.Length)
        {
            throw new InvalidBudgetException($"Invalid {option} '{text}': expected a duration such as 90s, 10m, 1.5h or 1h30m (units s, m, h, d).");
        }

        var seconds = 0.0;
        foreach (Match part in parts)
        {
            var number = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += number * part.Groups[2].Value switch
            {
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => 86400,
            };
        }

        return seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidBudgetException($"Invalid {option} '{text}': the duration must be more than 0 s.");
    }

    /// <summary>A size for messages, such as "4.00 GB" (powers of 1000).</summary>
    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} kB"),
    };

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([kmgt]i?b|[kmgt]|b)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)([smhd])", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();
}
