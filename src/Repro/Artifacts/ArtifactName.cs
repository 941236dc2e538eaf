namespace Repro.Artifacts;

/// <summary>
/// A named artifact, <c>KIND/NAME</c>: the kind is one of <see cref="Kinds"/>; the name is one or more
/// segments of letters, digits, <c>.</c>, <c>_</c> and <c>-</c> separated by <c>/</c>, at most 200 characters.
/// </summary>
/// <param name="Kind">dataset, model, checkpoint, tokenizer, report or other.</param>
/// <param name="Name">The name within the kind.</param>
public sealed record ArtifactName(string Kind, string Name)
{
    /// <summary>The kinds an artifact may have.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["dataset", "model", "checkpoint", "tokenizer", "report", "other"];

    private const int MaxNameLength = 200;

    /// <summary>Parses <c>KIND/NAME</c>.</summary>
    /// <exception cref="ArtifactException">The text is not a valid <c>KIND/NAME</c>.</exception>
    public static ArtifactName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !Kinds.Contains(text[..slash]))
        {
            throw new ArtifactException($"Invalid artifact name '{text}': expected KIND/NAME with KIND one of {string.Join(", ", Kinds)} (for example dataset/mnist).");
        }

        return new ArtifactName(text[..slash], ValidateName(text[(slash + 1)..], text));
    }

    /// <summary>Checks the NAME part.</summary>
    /// <exception cref="ArtifactException">It is empty, too long or has a character outside <c>[A-Za-z0-9._-/]</c>.</exception>
    public static string ValidateName(string name, string shown)
    {
        if (name.Length is 0 or > MaxNameLength
            || name.Split('/').Any(s => s.Length == 0 || s is "." or ".." || !char.IsAsciiLetterOrDigit(s[0]) || s.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-')))
        {
            throw new ArtifactException($"Invalid artifact name '{shown}': a name is 1 to {MaxNameLength} characters of letters, digits, '.', '_' and '-', in '/'-separated parts that start with a letter or digit.");
        }

        return name;
    }

    /// <summary>Checks an alias name (letters, digits, '.', '_', '-'; not a version like v3).</summary>
    /// <exception cref="ArtifactException">The alias is invalid.</exception>
    public static string ValidateAlias(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        if (alias.Length is 0 or > 64 || !char.IsAsciiLetter(alias[0]) || alias.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-')
            || (alias.Length > 1 && alias[0] == 'v' && alias[1..].All(char.IsAsciiDigit)))
        {
            throw new ArtifactException($"Invalid alias '{alias}': 1 to 64 letters, digits, '.', '_' or '-', starting with a letter, and not a version such as v3.");
        }

        return alias;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}/{Name}";
}
