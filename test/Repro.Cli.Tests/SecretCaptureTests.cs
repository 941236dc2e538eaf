using System.Text;
using Repro.Cli.Tests.Support;
using Repro.Environments;
using Repro.Tracking;

namespace Repro.Cli.Tests;

public sealed class SecretCaptureTests
{
    private const string EnvToken = "ghp_EnvPlanted0123456789abcdefghijklmnopqr";
    private const string EnvPassword = "env-pl4nted-passw0rd";
    private const string EnvAws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED";
    private const string ArgApiKey = "arg-planted-api-key-77";
    private const string ArgPassword = "arg-planted-pw-88";
    private const string ArgUrlPassword = "argurlpass99";
    private const string RemotePassword = "remote-planted-pass";
    private const string RemoteToken = "ghs_RemotePlanted0123456789abcdefghijklmn";
    private const string DiffAwsKey = "AKIAPLANTEDDIFF12345";

    [Fact]
    public void Secrets_in_the_environment_command_line_remote_and_diff_never_reach_the_store()
    {
        using var harness = new CliHarness();
        harness.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        File.WriteAllText(Path.Combine(harness.Folder, "train.sh"), "echo training\n");
        GitFolder.InitAndCommit(harness.Folder);
        GitFolder.Git(harness.Folder, "remote", "add", "origin", $"https://deploy:{RemotePassword}@git.example.com/team/repo.git");
        GitFolder.Git(harness.Folder, "remote", "add", "mirror", $"https://{RemoteToken}@github.com/team/repo.git");
        GitFolder.Git(harness.Folder, "config", "remote.origin.pushurl", $"https://{RemoteToken}@github.com/team/repo.git");
        File.WriteAllText(Path.Combine(harness.Folder, "config.yaml"), $"aws_access_key_id: {DiffAwsKey}\nlr: 0.01\n");
        harness.Init();
        // The child inherits this process's environment: allow-listed names with secret values, and others.
        var planted = new Dictionary<string, string>
        {
            ["DOTNET_PLANTED_GITHUB"] = EnvToken,
            ["OMP_PLANTED_PASSWORD"] = EnvPassword,
            ["AWS_SECRET_ACCESS_KEY_PLANTED"] = EnvAws,
        };
        foreach (var (name, value) in planted)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        CliResult result;
        try
        {
            result = harness.Run(
                "run", "--", "bash", "train.sh", "--api-key", ArgApiKey, $"--password={ArgPassword}", $"https://user:{ArgUrlPassword}@data.example.com/set.csv");
        }
        finally
        {
            foreach (var name in planted.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        Assert.Equal(0, result.ExitCode);
        using (var store = harness.OpenStore())
        {
            var run = Assert.Single(store.SearchRuns(new Storage.RunQuery()));
            var manifest = ManifestCapture.Load(store, run.Id)!;
            Assert.Equal("https://git.example.com/team/repo.git", manifest.Git!.RemoteUrl);
            Assert.Equal("[REDACTED]", manifest.EnvironmentVariables["OMP_PLANTED_PASSWORD"]);
            Assert.Equal("[REDACTED]", manifest.EnvironmentVariables["DOTNET_PLANTED_GITHUB"]);
            Assert.Contains("--api-key", store.GetRunData(run.Id).Tags[SystemTags.Command], StringComparison.Ordinal);
            Assert.Contains("lr: 0.01", store.GetRunText(run.Id, EnvironmentManifest.DiffTextName), StringComparison.Ordinal);
        }

        string[] secrets = [EnvToken, EnvPassword, EnvAws, ArgApiKey, ArgPassword, ArgUrlPassword, RemotePassword, RemoteToken, DiffAwsKey];
        var storeFolder = Path.Combine(harness.Folder, ".repro");
        var files = Directory.GetFiles(storeFolder, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("repro.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{secret} found in {file}");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"{secret} (UTF-16) found in {file}");
            }
        }
    }
}
