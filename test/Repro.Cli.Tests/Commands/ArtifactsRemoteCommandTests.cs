using Repro.Artifacts;
using Repro.Artifacts.Remotes;
using Repro.Cli.Tests.Support;

namespace Repro.Cli.Tests.Commands;

/// <summary><c>repro artifacts remote | push | pull</c> end to end through a folder remote, between two projects.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ArtifactsRemoteCommandTests : IDisposable
{
    private readonly CliHarness _here = new CliHarness().Init();
    private readonly CliHarness _there = new CliHarness().Init();
    private readonly string _remote = Directory.CreateTempSubdirectory("repro-remote-").FullName;

    public void Dispose()
    {
        _here.Dispose();
        _there.Dispose();
        Directory.Delete(_remote, recursive: true);
    }

    private string AddTree()
    {
        var root = Path.Combine(_here.Folder, "data");
        Directory.CreateDirectory(Path.Combine(root, "train"));
        File.WriteAllText(Path.Combine(root, "train", "a.csv"), "x,y\n1,2\n");
        File.WriteAllText(Path.Combine(root, "readme.txt"), "hello");
        var added = _here.Run("artifacts", "add", "data", "--name", "dataset/demo", "--json");
        Assert.True(added.ExitCode == 0, added.Error);
        return added.Json().GetProperty("artifact").GetProperty("digest").GetString()!;
    }

    private static void AddRemote(CliHarness cli, string name, string uri)
    {
        var result = cli.Run("artifacts", "remote", "add", name, uri);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    private static IReadOnlyList<string> StoredObjects(CliHarness cli) =>
        [.. new ObjectStore(Path.Combine(cli.Folder, ".repro", "objects")).Enumerate().Select(o => o.Digest)];

    private static string ErrorLine(CliResult result) => Assert.Single(result.ErrorLines, l => l.StartsWith("repro: ", StringComparison.Ordinal));

    [Fact]
    public void A_pushed_folder_pulls_by_digest_into_another_store_where_get_and_verify_work_and_a_second_push_sends_nothing()
    {
        var digest = AddTree();
        AddRemote(_here, "origin", _remote);
        AddRemote(_there, "origin", _remote);

        var pushed = _here.Run("artifacts", "push", "dataset/demo:v1", "--jobs", "2", "--json");
        var again = _here.Run("artifacts", "push", "dataset/demo", "--json").Json();
        var pulled = _there.Run("artifacts", "pull", digest, "--json");
        var got = _there.Run("artifacts", "get", digest, "--to", "out");
        var verified = _there.Run("artifacts", "verify", digest);

        Assert.True(pushed.ExitCode == 0, pushed.Error);
        var push = pushed.Json();
        Assert.Equal("push", push.GetProperty("direction").GetString());
        Assert.Equal([digest], push.GetProperty("roots").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(4, push.GetProperty("transferred_objects").GetInt32()); // two files, the train/ manifest, the root manifest
        Assert.Equal(0, again.GetProperty("transferred_objects").GetInt32());
        Assert.Equal(1, again.GetProperty("skipped_objects").GetInt32());
        Assert.True(pulled.ExitCode == 0, pulled.Error);
        Assert.Equal(4, pulled.Json().GetProperty("transferred_objects").GetInt32());
        Assert.Equal(push.GetProperty("transferred_bytes").GetInt64(), pulled.Json().GetProperty("transferred_bytes").GetInt64());
        Assert.True(got.ExitCode == 0, got.Error);
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(Path.Combine(_there.Folder, "out", "train", "a.csv")));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(_there.Folder, "out", "readme.txt")));
        Assert.Equal(0, verified.ExitCode);
        Assert.StartsWith("OK: 4 objects checked, 4 intact", verified.OutputLines[^1]);
    }

    [Fact]
    public void Plain_output_summarises_what_was_sent_and_skipped_and_progress_goes_to_stderr()
    {
        AddTree();
        AddRemote(_here, "origin", _remote);

        var pushed = _here.Run("artifacts", "push", "dataset/demo");
        var again = _here.Run("artifacts", "push", "dataset/demo");

        Assert.Equal(0, pushed.ExitCode);
        Assert.Matches(@"^Pushed 4 objects \(\d+ B\) to .+; 0 skipped \(the remote already had them\)\.$", Assert.Single(pushed.OutputLines));
        Assert.StartsWith("Pushing: 0/4 objects", pushed.ErrorLines[0]);
        Assert.Matches(@"^Pushed 0 objects \(0 B\) to .+; 1 skipped", Assert.Single(again.OutputLines));
    }

    [Fact]
    public void A_name_resolves_through_the_local_catalog_and_a_store_that_does_not_know_it_is_told_to_pull_by_digest()
    {
        var digest = AddTree();
        AddRemote(_here, "origin", _remote);
        _here.Run("artifacts", "push", digest);

        var byNameHere = _here.Run("artifacts", "pull", "dataset/demo@latest", "--remote", _remote, "--json");
        var byNameThere = _there.Run("artifacts", "pull", "dataset/demo:v1", "--remote", _remote);

        Assert.True(byNameHere.ExitCode == 0, byNameHere.Error);
        Assert.Equal(1, byNameHere.Json().GetProperty("skipped_objects").GetInt32());
        Assert.Equal(1, byNameThere.ExitCode);
        var error = ErrorLine(byNameThere);
        Assert.Contains("Cannot pull dataset/demo:v1", error);
        Assert.Contains("not stored on remotes", error);
        Assert.Contains("blake3:", error);
        Assert.Empty(StoredObjects(_there));
    }

    [Fact]
    public void A_corrupt_object_on_the_remote_fails_the_pull_naming_both_digests_and_nothing_above_it_is_adopted()
    {
        var root = AddTree();
        AddRemote(_here, "origin", _remote);
        _here.Run("artifacts", "push", root);
        var victim = ContentDigest.Of("hello"u8);
        var onRemote = Path.Combine(_remote, RemoteObjectLayout.KeyFor(victim));
        File.SetUnixFileMode(onRemote, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(onRemote, "hellO");

        var pulled = _there.Run("artifacts", "pull", root, "--remote", _remote);

        Assert.Equal(1, pulled.ExitCode);
        var error = ErrorLine(pulled);
        Assert.Contains(victim, error);
        Assert.Contains(ContentDigest.Of("hellO"u8), error);
        var stored = StoredObjects(_there);
        Assert.DoesNotContain(victim, stored);
        Assert.DoesNotContain(root, stored);
        Assert.Equal(1, _there.Run("artifacts", "get", root, "--to", "out").ExitCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_there.Folder, ".repro", "objects", ObjectStore.TempFolderName)));
    }

    [Fact]
    public void Pulling_an_object_the_remote_lacks_fails_with_one_line()
    {
        AddRemote(_there, "origin", _remote);
        var missing = ContentDigest.Of("never pushed"u8);

        var pulled = _there.Run("artifacts", "pull", missing);

        Assert.Equal(1, pulled.ExitCode);
        Assert.Contains(missing, ErrorLine(pulled));
    }

    [Fact]
    public void Remotes_are_listed_with_the_first_as_default_until_another_is_chosen_and_removing_the_default_leaves_none()
    {
        AddRemote(_here, "origin", _remote);
        AddRemote(_here, "backup", "s3://bucket/team?endpoint=http://127.0.0.1:9000");

        var first = _here.Run("artifacts", "remote", "list", "--json").Json();
        _here.Run("artifacts", "remote", "default", "backup");
        var second = _here.Run("artifacts", "remote", "list").OutputLines;
        var removed = _here.Run("artifacts", "remote", "remove", "backup");
        var pull = _here.Run("artifacts", "pull", ContentDigest.Of("x"u8));

        Assert.Equal(["backup", "origin"], first.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([false, true], first.EnumerateArray().Select(r => r.GetProperty("is_default").GetBoolean()).ToArray());
        Assert.Equal(_remote, first[1].GetProperty("uri").GetString());
        Assert.Equal(["backup\ts3://bucket/team?endpoint=http://127.0.0.1:9000\t(default)", $"origin\t{_remote}"], second);
        Assert.Equal("Removed remote backup; no default remote is set now.", removed.Output.Trim());
        Assert.Equal(1, pull.ExitCode);
        Assert.Contains("No default remote is set", ErrorLine(pull));
    }

    [Theory]
    [InlineData("s3://AKIAKEY:hunter2@bucket/team", "carries credentials")]
    [InlineData("ftp://host/objects", "No artifact remote handles 'ftp:'")]
    public void A_remote_with_credentials_or_an_unknown_scheme_is_refused_and_nothing_is_saved(string uri, string expected)
    {
        var result = _here.Run("artifacts", "remote", "add", "origin", uri);

        Assert.Equal(1, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("hunter2", error);
        Assert.False(File.Exists(Path.Combine(_here.Folder, ".repro", RemoteConfiguration.FileName)));
    }

    [Fact]
    public void An_unknown_remote_name_fails_with_the_configured_ones()
    {
        var digest = AddTree();
        AddRemote(_here, "origin", _remote);

        var pushed = _here.Run("artifacts", "push", digest, "--remote", "nope");

        Assert.Equal(1, pushed.ExitCode);
        Assert.Contains("'nope', which is not a configured remote (configured: origin)", ErrorLine(pushed));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_remote));
    }
}
