using Repro.Artifacts.Remotes;

namespace Repro.Tests.Artifacts.Remotes;

public sealed class RemoteConfigurationTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("repro-store-").FullName;
    private readonly ObjectRemoteRegistry _registry = new ObjectRemoteRegistry().Register(new UriOnlyProvider());

    public void Dispose() => Directory.Delete(_store, recursive: true);

    [Fact]
    public void Remotes_added_and_saved_load_back_with_the_first_as_default()
    {
        var configuration = RemoteConfiguration.Empty
            .Add("origin", "s3://bucket/team?endpoint=http://127.0.0.1:9000", "/", _registry)
            .Add("backup", "/mnt/nas/repro", "/", _registry);

        configuration.Save(_store);
        var loaded = RemoteConfiguration.Load(_store);

        Assert.Equal("origin", loaded.DefaultName);
        Assert.Equal(["backup", "origin"], loaded.Remotes.Keys);
        Assert.Equal("s3://bucket/team?endpoint=http://127.0.0.1:9000", loaded.Remotes["origin"]);
        Assert.Equal("/mnt/nas/repro", loaded.Remotes["backup"]);
        Assert.Equal(["remotes.json"], Directory.EnumerateFiles(_store).Select(Path.GetFileName));
    }

    [Fact]
    public void A_store_without_a_remotes_file_has_no_remotes()
    {
        var loaded = RemoteConfiguration.Load(_store);

        Assert.Empty(loaded.Remotes);
        Assert.Null(loaded.DefaultName);
    }

    [Fact]
    public void A_relative_folder_is_saved_as_an_absolute_path()
    {
        var configuration = RemoteConfiguration.Empty.Add("local", "../shared-objects", "/srv/me/project", _registry);

        Assert.Equal("/srv/me/shared-objects", configuration.Remotes["local"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-origin")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void An_invalid_name_is_refused(string name)
    {
        var error = Assert.Throws<RemoteException>(() => RemoteConfiguration.Empty.Add(name, "/srv/objects", "/", _registry));

        Assert.Contains("is not a remote name", error.Message);
    }

    [Fact]
    public void Adding_a_name_twice_is_refused_unless_replacing()
    {
        var configuration = RemoteConfiguration.Empty.Add("origin", "/srv/a", "/", _registry);

        var error = Assert.Throws<RemoteException>(() => configuration.Add("origin", "/srv/b", "/", _registry));
        var replaced = configuration.Add("origin", "/srv/b", "/", _registry, replace: true);

        Assert.Contains("already exists", error.Message);
        Assert.Equal("/srv/b", replaced.Remotes["origin"]);
    }

    [Fact]
    public void A_uri_with_credentials_is_refused_so_secrets_never_reach_the_store()
    {
        var error = Assert.Throws<RemoteException>(() => RemoteConfiguration.Empty.Add("origin", "test://AKIA:secret@host/bucket", "/", _registry));

        Assert.Contains("credentials", error.Message);
        Assert.DoesNotContain("secret@", error.Message);
    }

    [Fact]
    public void A_uri_of_an_unknown_scheme_is_refused()
    {
        var error = Assert.Throws<RemoteException>(() => RemoteConfiguration.Empty.Add("origin", "gs://bucket", "/", _registry));

        Assert.Contains("'gs:'", error.Message);
    }

    [Fact]
    public void Removing_the_default_leaves_no_default_and_resolving_then_says_how_to_choose()
    {
        var configuration = RemoteConfiguration.Empty.Add("origin", "/srv/a", "/", _registry).Add("backup", "/srv/b", "/", _registry).Remove("origin");

        var error = Assert.Throws<RemoteException>(() => configuration.Resolve(null, _ => null, "/", _registry));

        Assert.Null(configuration.DefaultName);
        Assert.Contains("--remote", error.Message);
    }

    [Fact]
    public void Removing_or_defaulting_an_unknown_remote_is_refused()
    {
        Assert.Throws<RemoteException>(() => RemoteConfiguration.Empty.Remove("origin"));
        Assert.Throws<RemoteException>(() => RemoteConfiguration.Empty.WithDefault("origin"));
    }

    [Fact]
    public void The_option_beats_the_environment_which_beats_the_default()
    {
        var configuration = RemoteConfiguration.Empty.Add("origin", "/srv/a", "/", _registry).Add("backup", "/srv/b", "/", _registry);
        string? Environment(string name) => name == "REPRO_REMOTE" ? "backup" : null;

        Assert.Equal("/srv/a", configuration.Resolve(null, _ => null, "/", _registry).LocalPath);
        Assert.Equal("/srv/b", configuration.Resolve(null, Environment, "/", _registry).LocalPath);
        Assert.Equal("/srv/a", configuration.Resolve("origin", Environment, "/", _registry).LocalPath);
        Assert.Equal("/srv/c", configuration.Resolve("/srv/c", Environment, "/", _registry).LocalPath);
    }

    [Fact]
    public void A_name_that_is_not_configured_is_refused_rather_than_taken_for_a_folder()
    {
        var configuration = RemoteConfiguration.Empty.Add("origin", "/srv/a", "/", _registry);

        var error = Assert.Throws<RemoteException>(() => configuration.Resolve("orign", _ => null, _store, _registry));

        Assert.Contains("'orign'", error.Message);
        Assert.Contains("origin", error.Message);
    }

    [Fact]
    public void Without_any_remote_resolving_says_how_to_add_one()
    {
        var error = Assert.Throws<RemoteException>(() => RemoteConfiguration.Empty.Resolve(null, _ => null, "/", _registry));

        Assert.Contains("repro artifacts remote add", error.Message);
    }

    [Fact]
    public void A_malformed_remotes_file_is_reported_with_its_path()
    {
        File.WriteAllText(Path.Combine(_store, "remotes.json"), """{"default": "nowhere", "remotes": {}}""");

        var error = Assert.Throws<RemoteException>(() => RemoteConfiguration.Load(_store));

        Assert.Contains("remotes.json", error.Message);
        Assert.Contains("nowhere", error.Message);
    }

    [Fact]
    public void A_remotes_file_that_is_not_json_is_reported()
    {
        File.WriteAllText(Path.Combine(_store, "remotes.json"), "origin = s3://bucket");

        Assert.Throws<RemoteException>(() => RemoteConfiguration.Load(_store));
    }

    /// <summary>Accepts any host-based URI of its schemes, so these tests need no S3 package.</summary>
    private sealed class UriOnlyProvider : IObjectRemoteProvider
    {
        public IReadOnlyList<string> Schemes { get; } = ["s3", "test"];

        public IReadOnlyList<string> Validate(Uri uri) => [];

        public IObjectRemote Open(Uri uri, RemoteContext context) => throw new InvalidOperationException("Not opened in these tests.");
    }
}
