using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Tracking;

/// <summary><see cref="Run.Param{T}"/> and <see cref="RunOptions.CreateStoreIfMissing"/>: what a program started alone or by repro run relies on.</summary>
public sealed class RunParamTests : IDisposable
{
    private readonly InMemoryRunStore _store = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-param-").FullName;

    public void Dispose()
    {
        _store.WriteGate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Run Start(RunOptions options) => Run.Start(options with
    {
        TimeProvider = _clock,
        HandleProcessEvents = false,
        CaptureEnvironment = false,
        EnvironmentReader = options.EnvironmentReader ?? (_ => null),
    });

    private Run StartAttachedWith(string paramsJson)
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial", _clock.NowMs, 7, null, null));
        var environment = new Dictionary<string, string>
        {
            [RunEnvironment.RunId] = wrapped.Id.Value,
            [RunEnvironment.Seed] = "7",
            [RunEnvironment.Params] = paramsJson,
        };
        return Start(new RunOptions { Store = _store, EnvironmentReader = environment.GetValueOrDefault });
    }

    [Fact]
    public void A_param_not_passed_takes_its_default_and_the_run_records_it()
    {
        using var run = Start(new RunOptions { Store = _store });

        var learningRate = run.Param("lr", 0.01);
        var epochs = run.Param("epochs", 20);
        var optimizer = run.Param("optimizer", "adam");

        Assert.Equal((0.01, 20, "adam"), (learningRate, epochs, optimizer));
        var stored = _store.GetRunData(run.Id).Params;
        Assert.Equal(("0.01", "20", "adam"), (stored["lr"], stored["epochs"], stored["optimizer"]));
    }

    [Fact]
    public void A_param_passed_by_repro_run_wins_over_the_default_and_parses_with_the_invariant_culture()
    {
        using var run = StartAttachedWith("""{"lr": "0.5", "epochs": "3"}""");

        Assert.Equal(0.5, run.Param("lr", 0.01));
        Assert.Equal(3, run.Param("epochs", 20));
        Assert.Equal(0.9, run.Param("momentum", 0.9));
        Assert.Equal("0.9", _store.GetRunData(run.Id).Params["momentum"]);
    }

    [Fact]
    public void A_passed_param_that_does_not_parse_is_a_clear_error_naming_the_key_and_value()
    {
        using var run = StartAttachedWith("""{"epochs": "many"}""");

        var error = Assert.Throws<InvalidRunDataException>(() => run.Param("epochs", 20));

        Assert.Contains("'epochs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'many'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_store_the_run_creates_one_here_only_when_asked()
    {
        var provider = new RecordingProvider(_store);
        var registry = new StoreRegistry().Register(provider);

        var error = Assert.Throws<StoreException>(() => Start(new RunOptions { Registry = registry, WorkingDirectory = _folder }));
        Assert.Contains("repro init", error.Message, StringComparison.Ordinal);
        Assert.Empty(provider.Created);

        using (Start(new RunOptions { Registry = registry, WorkingDirectory = _folder, CreateStoreIfMissing = true }))
        {
        }

        Assert.Equal(StoreLocation.ForProject(_folder).Path, Assert.Single(provider.Created));
        Assert.Empty(provider.Opened);
    }

    [Fact]
    public void An_existing_store_above_is_opened_not_created_even_when_creation_is_allowed()
    {
        var provider = new RecordingProvider(_store);
        var registry = new StoreRegistry().Register(provider);
        Directory.CreateDirectory(Path.Combine(_folder, StoreLocation.ProjectFolderName));
        var below = Directory.CreateDirectory(Path.Combine(_folder, "src", "model")).FullName;

        using (Start(new RunOptions { Registry = registry, WorkingDirectory = below, CreateStoreIfMissing = true }))
        {
        }

        Assert.Equal(StoreLocation.ForProject(_folder).Path, Assert.Single(provider.Opened));
        Assert.Empty(provider.Created);
    }

    private sealed class RecordingProvider(IRunStore store) : IRunStoreProvider
    {
        public List<string> Opened { get; } = [];

        public List<string> Created { get; } = [];

        public IReadOnlyList<string> Schemes { get; } = [StoreLocation.ForProject("/").Scheme];

        public IRunStore Open(StoreLocation location)
        {
            Opened.Add(location.Path);
            return store;
        }

        public IRunStore Create(StoreLocation location)
        {
            Created.Add(location.Path);
            return store;
        }
    }
}
