using Repro.Artifacts.Remotes;

namespace Repro.Tests.Artifacts.Remotes;

public sealed class ObjectRemoteRegistryTests
{
    [Fact]
    public void A_plain_relative_path_is_a_folder_remote_against_the_base_directory()
    {
        var uri = new ObjectRemoteRegistry().Parse("backup/objects", "/srv/me/project");

        Assert.Equal("file", uri.Scheme);
        Assert.Equal("/srv/me/project/backup/objects", uri.LocalPath);
    }

    [Fact]
    public void A_folder_remote_opens_from_its_uri()
    {
        var registry = new ObjectRemoteRegistry();
        var uri = registry.Parse("file:///srv/repro", "/");

        using var remote = registry.Open(uri, RemoteContext.Process);

        Assert.Equal("/srv/repro", remote.Address);
    }

    [Fact]
    public void An_unknown_scheme_is_refused_naming_the_known_ones()
    {
        var error = Assert.Throws<RemoteException>(() => new ObjectRemoteRegistry().Parse("gs://bucket/prefix", "/"));

        Assert.Contains("'gs:'", error.Message);
        Assert.Contains("file:", error.Message);
    }

    [Fact]
    public void An_empty_address_is_refused()
    {
        Assert.Throws<RemoteException>(() => new ObjectRemoteRegistry().Parse("  ", "/"));
    }

    [Fact]
    public void Credentials_in_a_uri_are_refused_and_not_repeated_in_the_message()
    {
        var registry = new ObjectRemoteRegistry().Register(new AnyUriProvider());
        var uri = new Uri("test://user:hunter2@host/prefix");

        var error = Assert.Throws<RemoteException>(() => registry.Open(uri, RemoteContext.Process));

        Assert.Contains("credentials", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    private sealed class AnyUriProvider : IObjectRemoteProvider
    {
        public IReadOnlyList<string> Schemes { get; } = ["test"];

        public IReadOnlyList<string> Validate(Uri uri) => [];

        public IObjectRemote Open(Uri uri, RemoteContext context) => throw new InvalidOperationException("Opened despite the credentials in its URI.");
    }
}
