namespace Repro.Tracking;

/// <summary>
/// The key and value limits every store enforces. They are MLflow's, so runs move between the two
/// tools without loss: keys of at most 250 characters from <c>[A-Za-z0-9_\-. /]</c>, param values of
/// at most 6000 characters and tag values of at most 8000.
/// </summary>
public static class TrackingLimits
{
    /// <summary>The longest key allowed for params, metrics and tags.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>The longest param value allowed.</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>The longest tag value allowed.</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>The longest run or experiment name allowed.</summary>
    public const int MaxNameLength = 250;

    /// <summary>Throws when <paramref name="key"/> is not a valid key.</summary>
    /// <param name="kind">"param", "metric" or "tag", for the message.</param>
    /// <param name="key">The key to check.</param>
    /// <exception cref="InvalidRunDataException">The key is empty, too long or has a forbidden character.</exception>
    public static void ValidateKey(string kind, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidRunDataException($"Invalid {kind} key: the key is empty.");
        }

        if (key.Length > MaxKeyLength)
        {
            throw new InvalidRunDataException(
                $"Invalid {kind} key '{Shorten(key)}': {key.Length} characters, the limit is {MaxKeyLength}.");
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var allowed = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '_' or '-' or '.' or ' ' or '/';
            if (!allowed)
            {
                throw new InvalidRunDataException(
                    $"Invalid {kind} key '{Shorten(key)}': character '{c}' at position {i} is not allowed "
                    + "(use letters, digits, '_', '-', '.', ' ' and '/').");
            }
        }

        if (key[0] == '/' || HasDotDotPart(key))
        {
            throw new InvalidRunDataException($"Invalid {kind} key '{Shorten(key)}': it must not start with '/' or contain '..' as a path part.");
        }
    }

    /// <summary>Throws when a param value is null or longer than <see cref="MaxParamValueLength"/>.</summary>
    public static void ValidateParamValue(string key, string? value) =>
        ValidateValue("param", key, value, MaxParamValueLength);

    /// <summary>Throws when a tag value is null or longer than <see cref="MaxTagValueLength"/>.</summary>
    public static void ValidateTagValue(string key, string? value) =>
        ValidateValue("tag", key, value, MaxTagValueLength);

    /// <summary>Throws when a run or experiment name is empty, too long or has control characters.</summary>
    public static void ValidateName(string kind, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidRunDataException($"Invalid {kind} name: the name is empty.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new InvalidRunDataException($"Invalid {kind} name '{Shorten(name)}': {name.Length} characters, the limit is {MaxNameLength}.");
        }

        if (name.Any(char.IsControl))
        {
            throw new InvalidRunDataException($"Invalid {kind} name '{Shorten(name)}': control characters are not allowed.");
        }
    }

    private static void ValidateValue(string kind, string key, string? value, int limit)
    {
        if (value is null)
        {
            throw new InvalidRunDataException($"Invalid {kind} '{key}': the value is null.");
        }

        if (value.Length > limit)
        {
            throw new InvalidRunDataException(
                $"Invalid {kind} '{key}': the value has {value.Length} characters, the limit is {limit}.");
        }
    }

    /// <summary>True when a '/'-separated part of the key is "..". Allocation-free: every stored metric point passes here.</summary>
    private static bool HasDotDotPart(string key)
    {
        var start = 0;
        while (true)
        {
            var slash = key.IndexOf('/', start);
            var end = slash < 0 ? key.Length : slash;
            if (end - start == 2 && key[start] == '.' && key[start + 1] == '.')
            {
                return true;
            }

            if (slash < 0)
            {
                return false;
            }

            start = slash + 1;
        }
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
