using System.Diagnostics;

namespace Repro.Tests.Environments;

/// <summary>A throw-away git repository with one commit, deleted on dispose.</summary>
internal sealed class TempGitRepository : IDisposable
{
    public TempGitRepository()
    {
        Folder = Directory.CreateTempSubdirectory("repro-git-").FullName;
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Test");
        Git("config", "commit.gpgsign", "false");
        File.WriteAllText(Path.Combine(Folder, "train.sh"), "echo train\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "first");
    }

    public string Folder { get; }

    public string Head => Git("rev-parse", "HEAD").Trim();

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up by the OS later.
        }
    }
}
