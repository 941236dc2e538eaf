using Repro.Artifacts.S3.Tests.Support;
using Repro.Cli.Tests.Support;

namespace Repro.Artifacts.S3.Tests;

/// <summary><c>repro artifacts push</c> and <c>pull</c> through an s3:// remote, between two projects.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3CliTests(S3rverServer server) : IDisposable
{
    private readonly CliHarness _here = Credentials(new CliHarness().Init());
    private readonly CliHarness _there = Credentials(new CliHarness().Init());

    public void Dispose()
    {
        _here.Dispose();
        _there.Dispose();
    }

    private static CliHarness Credentials(CliHarness cli)
    {
        cli.Variables["AWS_ACCESS_KEY_ID"] = "S3RVER";
        cli.Variables["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
        return cli;
    }

    [S3Fact]
    public void A_folder_pushed_to_s3_pulls_by_digest_into_another_project_and_materializes()
    {
        var data = Path.Combine(_here.Folder, "data");
        Directory.CreateDirectory(Path.Combine(data, "train"));
        File.WriteAllText(Path.Combine(data, "train", "a.csv"), "x,y\n1,2\n");
        File.WriteAllText(Path.Combine(data, "readme.txt"), "hello");
        var digest = _here.Run("artifacts", "add", "data", "--name", "dataset/demo", "--json").Json().GetProperty("artifact").GetProperty("digest").GetString()!;
        var uri = server.UriFor("cli/" + Guid.NewGuid().ToString("N")).ToString();
        _there.Variables["REPRO_REMOTE"] = uri;

        var add = _here.Run("artifacts", "remote", "add", "team", uri);
        var pushed = _here.Run("artifacts", "push", "dataset/demo", "--json");
        var again = _here.Run("artifacts", "push", "dataset/demo", "--json");
        var pulled = _there.Run("artifacts", "pull", digest, "--jobs", "2", "--json");
        var got = _there.Run("artifacts", "get", digest, "--to", "out");

        Assert.True(add.ExitCode == 0, add.Error);
        Assert.True(pushed.ExitCode == 0, pushed.Error);
        Assert.Equal(4, pushed.Json().GetProperty("transferred_objects").GetInt32());
        Assert.Equal(0, again.Json().GetProperty("transferred_objects").GetInt32());
        Assert.True(pulled.ExitCode == 0, pulled.Error);
        Assert.Equal(4, pulled.Json().GetProperty("transferred_objects").GetInt32());
        Assert.True(got.ExitCode == 0, got.Error);
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(Path.Combine(_there.Folder, "out", "train", "a.csv")));
        Assert.Equal(0, _there.Run("artifacts", "verify", digest).ExitCode);
    }
}
