using System.Text.RegularExpressions;

namespace Repro.Environments;

/// <summary>
/// Removes what looks like a credential from text Repro is about to store: <c>user:pass@</c> in URLs,
/// query values such as <c>token=</c> or <c>sig=</c>, AWS, GitHub, Slack and Azure key shapes, JWTs,
/// private key blocks, and the value after a word such as <c>password</c> or <c>api_key</c>. Each
/// secret becomes <see cref="Marker"/>. It errs towards removing too much: a stored secret cannot be
/// taken back, a redacted value only costs a replay.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>What a removed secret is replaced with.</summary>
    public const string Marker = "[REDACTED]";

    /// <summary>The words that make a name (an option, a variable, a key) name a secret.</summary>
    private const string SecretWords =
        "token|secret|password|passwd|passphrase|pwd|apikey|api[-_]?key|access[-_]?key|secret[-_]?key|private[-_]?key|account[-_]?key|client[-_]?secret|credentials?|auth|authorization|sig|signature|sas";

    /// <summary>A secret word starts a name, or a segment of it: after a non-letter, or at a camelCase hump.</summary>
    private const string WordStart = "(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))";

    /// <summary>Text with every credential-shaped part replaced by <see cref="Marker"/>.</summary>
    public static string Redact(string text) => Redact(text, out _);

    /// <summary>Text with every credential-shaped part replaced, and how many were.</summary>
    public static string Redact(string text, out int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = 0;
        string Replace(Match m)
        {
            found++;
            return m.Groups["keep"].Success ? m.Groups["keep"].Value + Marker : Marker;
        }

        var result = PrivateKeyBlock().Replace(text, Replace);
        result = UrlCredentials().Replace(result, Replace);
        result = QueryValue().Replace(result, Replace);
        result = KnownKeyShape().Replace(result, Replace);
        result = Jwt().Replace(result, Replace);
        result = NamedValue().Replace(result, Replace);
        count = found;
        return result;
    }

    /// <summary>True when a name (an environment variable, an option such as <c>--api-key</c>) names a secret.</summary>
    public static bool NamesSecret(string name) => SecretName().IsMatch(name);

    /// <summary>
    /// A command line with secrets removed: an argument that looks like a credential, an option value
    /// joined by '=' (<c>--password=x</c>), and the argument after an option that names a secret
    /// (<c>--api-key x</c>).
    /// </summary>
    public static IReadOnlyList<string> RedactCommand(IReadOnlyList<string> command, out int count)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = new List<string>(command.Count);
        count = 0;
        var nextIsSecret = false;
        foreach (var argument in command)
        {
            if (nextIsSecret && !argument.StartsWith('-'))
            {
                result.Add(Marker);
                count++;
                nextIsSecret = false;
                continue;
            }

            nextIsSecret = false;
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (argument.StartsWith('-') && equals < 0 && NamesSecret(argument.TrimStart('-')))
            {
                nextIsSecret = true;
            }

            if (argument.StartsWith('-') && equals > 0 && NamesSecret(argument[..equals].TrimStart('-')))
            {
                result.Add(argument[..(equals + 1)] + Marker);
                count++;
                continue;
            }

            result.Add(Redact(argument, out var inArgument));
            count += inArgument;
        }

        return result;
    }

    /// <summary>A URL with any user name and password removed (a git remote such as <c>https://user:token@host/repo</c>).</summary>
    public static string RemoveUrlCredentials(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var withoutUser = UrlUserInfo().Replace(url, m => m.Groups["scheme"].Value);
        return Redact(withoutUser);
    }

    [GeneratedRegex("-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END[A-Z ]*PRIVATE KEY-----|$)")]
    private static partial Regex PrivateKeyBlock();

    // scheme://user:password@ or scheme://token@ (a lone user name carries tokens too, e.g. GitHub's).
    [GeneratedRegex("(?<keep>\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@:?#]+(:[^/\\s@?#]*)?(?=@)")]
    private static partial Regex UrlCredentials();

    // For remote URLs the credentials are dropped altogether rather than marked.
    [GeneratedRegex("(?<scheme>\\b(?i:https?|ftp|wss?|svn\\+ssh|git\\+https?)://)[^/\\s@?#]+@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex("(?<keep>[?&;](?i:[A-Za-z0-9_.-]*(" + SecretWords + ")[A-Za-z0-9_.-]*|code)=)[^&\\s#\"']+", RegexOptions.IgnoreCase)]
    private static partial Regex QueryValue();

    // AWS access key ids; GitHub personal, OAuth, app, user-to-server and refresh tokens and fine-grained
    // PATs; Slack tokens; OpenAI, Anthropic and Hugging Face keys; Google API keys.
    [GeneratedRegex("\\b((AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-(ant-|proj-)?[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,}|AIza[0-9A-Za-z_-]{35})\\b")]
    private static partial Regex KnownKeyShape();

    [GeneratedRegex("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    // NAME=value, NAME: value, "name": "value" where NAME contains a secret word as a whole segment
    // (so "tokenizer=bpe" is kept and "hf_token=abc" is not); also Azure's AccountKey=...;
    [GeneratedRegex("(?<keep>(?<![A-Za-z0-9])[A-Za-z0-9_.-]*" + WordStart + "(?i:" + SecretWords + ")(?![a-z])[A-Za-z0-9_.-]*[\"']?\\s*[=:]\\s*[\"']?((?i:bearer|basic|token)\\s+)?)(?![\"'\\s]|\\[REDACTED\\])[^\\s\"'&;,]{3,}")]
    private static partial Regex NamedValue();

    [GeneratedRegex(WordStart + "(?i:" + SecretWords + ")(?![a-z])")]
    private static partial Regex SecretName();
}
