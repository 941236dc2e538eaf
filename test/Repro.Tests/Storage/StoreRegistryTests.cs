using Repro.Storage;

namespace Repro.Tests.Storage;

public sealed class StoreRegistryTests
{
    [Fact]
    public void A_location_opens_through_the_provider_of_its_scheme_in_any_case()
    {
        var store = new InMemoryRunStore();
        var registry = new StoreRegistry().Register(new RecordingProvider(store, "memory"));

        var opened = registry.Open(new StoreLocation("MEMORY", "x"));

        Assert.Same(store, opened);
    }

    [Fact]
    public void Create_goes_to_the_provider_create()
    {
        var provider = new RecordingProvider(new InMemoryRunStore(), "memory");
        var registry = new StoreRegistry().Register(provider);

        registry.Create(new StoreLocation("memory", "x"));
        registry.Open(new StoreLocation("memory", "y"));

        Assert.Equal(["create x", "open y"], provider.Calls);
    }

    [Fact]
    public void A_later_registration_replaces_an_earlier_one_for_the_same_scheme()
    {
        var second = new InMemoryRunStore();
        var registry = new StoreRegistry()
            .Register(new RecordingProvider(new InMemoryRunStore(), "memory"))
            .Register(new RecordingProvider(second, "memory"));

        Assert.Same(second, registry.Open(new StoreLocation("memory", "x")));
    }

    [Fact]
    public void An_unknown_scheme_fails_naming_it_and_the_known_ones()
    {
        var registry = new StoreRegistry()
            .Register(new RecordingProvider(new InMemoryRunStore(), "sqlite"))
            .Register(new RecordingProvider(new InMemoryRunStore(), "memory"));

        var error = Assert.Throws<StoreException>(() => registry.Open(new StoreLocation("postgresql", "//db/x")));

        Assert.Contains("'postgresql:'", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory, sqlite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_registry_says_nothing_is_registered()
    {
        var error = Assert.Throws<StoreException>(() => new StoreRegistry().Get("sqlite"));

        Assert.Contains("none registered", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingProvider(IRunStore store, params string[] schemes) : IRunStoreProvider
    {
        public List<string> Calls { get; } = [];

        public IReadOnlyList<string> Schemes { get; } = schemes;

        public IRunStore Open(StoreLocation location)
        {
            Calls.Add($"open {location.Path}");
            return store;
        }

        public IRunStore Create(StoreLocation location)
        {
            Calls.Add($"create {location.Path}");
            return store;
        }
    }
}
