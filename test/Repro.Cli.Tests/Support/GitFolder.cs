using System.Diagnostics;

namespace Repro.Cli.Tests.Support;

/// <summary>Runs git in a folder (a test's project folder), failing the test when git fails.</summary>
internal static class GitFolder
{
    /// <summary>Makes <paramref name="folder"/> a repository with everything in it committed.</summary>
    public static void InitAndCommit(string folder)
    {
        Git(folder, "init", "-q", "-b", "main");
        Git(folder, "config", "user.email", "test@example.com");
        Git(folder, "config", "user.name", "Test");
        Git(folder, "config", "commit.gpgsign", "false");
        File.WriteAllText(Path.Combine(folder, ".gitignore"), ".repro/\n");
        Git(folder, "add", ".");
        Git(folder, "commit", "-q", "-m", "first");
    }

    public static string Git(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error.Result}");
        return output;
    }
}
