namespace Repro.Storage;

/// <summary>
/// Maps URI schemes to store providers. Filled in code, not by reflection: the <c>repro</c> tool and
/// applications register the back ends they ship (<c>StoreRegistry.Default.Register(...)</c>).
/// </summary>
public sealed class StoreRegistry
{
    private readonly Dictionary<string, IRunStoreProvider> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>The process-wide registry that <see cref="StoreLocator"/> and <c>Run.Start</c> use by default.</summary>
    public static StoreRegistry Default { get; } = new();

    /// <summary>Registers a provider for each of its schemes, replacing earlier ones.</summary>
    public StoreRegistry Register(IRunStoreProvider provider)
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
    /// <exception cref="StoreException">No provider handles the scheme.</exception>
    public IRunStoreProvider Get(string scheme)
    {
        lock (_gate)
        {
            if (_providers.TryGetValue(scheme, out var provider))
            {
                return provider;
            }

            var known = _providers.Count == 0 ? "none registered" : string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal));
            throw new StoreException($"No store back end handles '{scheme}:' URIs (known: {known}).");
        }
    }

    /// <summary>Opens the existing store at a location.</summary>
    public IRunStore Open(StoreLocation location) => Get(location.Scheme).Open(location);

    /// <summary>Creates (or opens) the store at a location.</summary>
    public IRunStore Create(StoreLocation location) => Get(location.Scheme).Create(location);
}
