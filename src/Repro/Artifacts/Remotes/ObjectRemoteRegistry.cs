namespace Repro.Artifacts.Remotes;

/// <summary>
/// Maps URI schemes to remote providers. Filled in code: the folder remote (<c>file:</c>) is built in; the
/// <c>repro</c> tool registers the others it ships (<c>ObjectRemoteRegistry.Default.Register(new S3RemoteProvider())</c>).
/// </summary>
public sealed class ObjectRemoteRegistry
{
    private readonly Dictionary<string, IObjectRemoteProvider> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Creates a registry that knows the folder remote.</summary>
    public ObjectRemoteRegistry() => Register(new FolderRemoteProvider());

    /// <summary>The process-wide registry.</summary>
    public static ObjectRemoteRegistry Default { get; } = new();

    /// <summary>Registers a provider for each of its schemes, replacing earlier ones.</summary>
    public ObjectRemoteRegistry Register(IObjectRemoteProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            foreach (var scheme in provider.Schemes)
            {
                _providers[scheme] = provider;
            }
        }

        return this;
    }

    /// <summary>The provider for a scheme.</summary>
    /// <exception cref="RemoteException">No provider handles the scheme.</exception>
    public IObjectRemoteProvider Get(string scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        lock (_gate)
        {
            if (_providers.TryGetValue(scheme, out var provider))
            {
                return provider;
            }

            var known = string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal).Select(s => s + ":"));
            throw new RemoteException($"No artifact remote handles '{scheme}:' URIs (known: {known}).");
        }
    }

    /// <summary>
    /// Parses a remote address: a URI with a scheme (<c>s3://bucket/prefix</c>, <c>file:///srv/objects</c>) or a
    /// plain folder path, absolute or relative to <paramref name="baseDirectory"/>.
    /// </summary>
    /// <exception cref="RemoteException">The text is empty, or names a scheme no provider handles.</exception>
    public Uri Parse(string text, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RemoteException("The remote address is empty: give a folder path, file:///PATH or s3://BUCKET/PREFIX.");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var hasScheme = colon > 1 && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
        if (!hasScheme)
        {
            return new Uri(Path.GetFullPath(text, baseDirectory));
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new RemoteException($"'{text}' is not a valid remote URI.");
        }

        Get(uri.Scheme);
        return uri;
    }

    /// <summary>The problems with a remote URI, checked by its provider without contacting it; empty when usable.</summary>
    public IReadOnlyList<string> Validate(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add("it carries credentials; remove them from the URI and set them in the environment (for S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
        }

        problems.AddRange(Get(uri.Scheme).Validate(uri));
        return problems;
    }

    /// <summary>Opens the remote at a URI.</summary>
    /// <exception cref="RemoteException">No provider handles the scheme, or the URI is not usable.</exception>
    public IObjectRemote Open(Uri uri, RemoteContext context)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(context);
        var problems = Validate(uri);
        if (problems.Count > 0)
        {
            throw new RemoteException($"The remote '{Redacted(uri)}' is not usable: {string.Join("; ", problems)}.");
        }

        return Get(uri.Scheme).Open(uri, context);
    }

    /// <summary>A URI as it may be shown or stored: without user information.</summary>
    public static string Redacted(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return string.IsNullOrEmpty(uri.UserInfo) ? uri.OriginalString : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();
    }
}
