using System.Globalization;
using Repro.Artifacts.Remotes;

namespace Repro.Artifacts.S3;

/// <summary>
/// An S3 remote's address, parsed from <c>s3://BUCKET[/PREFIX][?endpoint=URL][&amp;region=REGION]</c>. Without
/// <c>endpoint</c> it is AWS S3 in the region; with it, any S3-compatible server, addressed path-style.
/// </summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Prefix">The key prefix without leading or trailing slashes; empty for the bucket's root.</param>
/// <param name="Endpoint">The S3-compatible server, or null for AWS.</param>
/// <param name="Region">The region given in the URI, or null to take it from the environment.</param>
internal sealed record S3RemoteAddress(string Bucket, string Prefix, Uri? Endpoint, string? Region)
{
    /// <summary>The key of an object: <c>PREFIX/objects/ab/&lt;rest&gt;</c>.</summary>
    public string KeyFor(string digest) => WithPrefix(RemoteObjectLayout.KeyFor(digest));

    /// <summary>The key prefix of a fan-out folder: <c>PREFIX/objects/ab/</c>.</summary>
    public string FanOutPrefix(string fanOut) => WithPrefix($"{RemoteObjectLayout.ObjectsFolder}/{fanOut}/");

    /// <summary>The address as shown in messages.</summary>
    public override string ToString() =>
        $"s3://{Bucket}/{Prefix}" + (Endpoint is null ? "" : $" at {Endpoint.GetLeftPart(UriPartial.Authority)}");

    /// <summary>Parses the URI, or returns the problems that make it unusable.</summary>
    public static (S3RemoteAddress? Address, IReadOnlyList<string> Problems) Parse(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var problems = new List<string>();
        if (!string.Equals(uri.Scheme, "s3", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"the scheme is '{uri.Scheme}', not s3");
        }

        var bucket = uri.Host;
        if (!IsBucketName(bucket))
        {
            problems.Add($"'{bucket}' is not a bucket name (3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit)");
        }

        // Uri has already resolved '.' and '..' segments.
        var prefix = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/');

        Uri? endpoint = null;
        string? region = null;
        foreach (var (key, value) in QueryPairs(uri.Query))
        {
            switch (key)
            {
                case "endpoint" when Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" && string.IsNullOrEmpty(parsed.UserInfo):
                    endpoint = parsed;
                    break;
                case "endpoint":
                    problems.Add($"endpoint '{value}' is not an http:// or https:// URL without credentials");
                    break;
                case "region" when value.Length > 0 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'):
                    region = value;
                    break;
                case "region":
                    problems.Add($"region '{value}' is not a region name such as eu-west-1");
                    break;
                default:
                    problems.Add($"unknown option '{key}' (known: endpoint, region)");
                    break;
            }
        }

        return problems.Count > 0 ? (null, problems) : (new S3RemoteAddress(bucket, prefix, endpoint, region), problems);
    }

    private string WithPrefix(string key) => Prefix.Length == 0 ? key : $"{Prefix}/{key}";

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0])
        && char.IsAsciiLetterOrDigit(name[^1]);

    private static IEnumerable<(string Key, string Value)> QueryPairs(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLower(CultureInfo.InvariantCulture);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            yield return (key, value);
        }
    }
}
