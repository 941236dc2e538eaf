using Repro.Environments;
using Repro.Tracking;

namespace Repro.Tests.Environments;

public sealed class ManifestCaptureTests
{
    private static CapturedManifest Capture(string folder, string? excluded = null, IReadOnlyList<string>? command = null) =>
        ManifestCapture.Capture(
            new ManifestRequest(folder, command ?? ["bash", "train.sh"], "repro run", 42, [new("PATH", "/usr/bin"), new("HOME", "/root")], excluded, PackagesFromLockFiles: true),
            TimeProvider.System);

    [Fact]
    public void A_clean_checkout_records_commit_branch_and_remote_without_credentials_and_no_diff()
    {
        using var repo = new TempGitRepository();
        repo.Git("remote", "add", "origin", "https://alice:s3cretpass@example.com/team/repo.git");

        var captured = Capture(repo.Folder);

        var git = Assert.IsType<GitInfo>(captured.Manifest.Git);
        Assert.Equal(repo.Head, git.Commit);
        Assert.Equal("main", git.Branch);
        Assert.Equal("https://example.com/team/repo.git", git.RemoteUrl);
        Assert.False(git.Dirty);
        Assert.Null(captured.Diff);
        Assert.DoesNotContain("s3cretpass", captured.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Uncommitted_and_untracked_changes_make_a_diff_that_applies_to_the_recorded_commit()
    {
        using var repo = new TempGitRepository();
        File.AppendAllText(Path.Combine(repo.Folder, "train.sh"), "echo changed\n");
        Directory.CreateDirectory(Path.Combine(repo.Folder, "src"));
        File.WriteAllText(Path.Combine(repo.Folder, "src", "new.py"), "print('new')\n");
        var store = Path.Combine(repo.Folder, ".repro");
        Directory.CreateDirectory(store);
        File.WriteAllText(Path.Combine(store, "repro.db"), "not part of the diff");

        var captured = Capture(Path.Combine(repo.Folder, "src"), excluded: store);

        var git = captured.Manifest.Git!;
        Assert.True(git.Dirty);
        Assert.Equal("src", git.WorkingFolder);
        Assert.True(git.DiffStored);
        Assert.NotNull(captured.Diff);
        Assert.Contains("+echo changed", captured.Diff, StringComparison.Ordinal);
        Assert.Contains("+print('new')", captured.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("repro.db", captured.Diff, StringComparison.Ordinal);
        Assert.Equal("?? src/new.py", repo.Git("status", "--porcelain", "-uall", "--", "src").Trim());

        // The real index is untouched, and the diff applies to a clean copy of the commit.
        repo.Git("stash", "-u");
        var patch = Path.Combine(Path.GetTempPath(), $"repro-test-{Guid.NewGuid():N}.diff");
        File.WriteAllText(patch, captured.Diff);
        try
        {
            repo.Git("apply", "--check", patch);
        }
        finally
        {
            File.Delete(patch);
        }
    }

    [Fact]
    public void A_folder_outside_any_repository_has_no_git_section()
    {
        var folder = Directory.CreateTempSubdirectory("repro-nogit-").FullName;
        try
        {
            var captured = Capture(folder);

            Assert.Null(captured.Manifest.Git);
            Assert.Null(captured.Diff);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_manifest_records_machine_runtime_seed_command_and_only_allow_listed_variables()
    {
        var folder = Directory.CreateTempSubdirectory("repro-nogit-").FullName;
        try
        {
            var manifest = Capture(folder, command: ["python", "train.py", "--token", "abc123secret"]).Manifest;

            Assert.Equal(1, manifest.SchemaVersion);
            Assert.Equal("42", manifest.Seeds.Root);
            Assert.Equal(Environment.ProcessorCount, manifest.Threads.ProcessorCount);
            Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, manifest.Runtime.Rid);
            Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, manifest.Isa.Avx2);
            Assert.NotEqual(string.Empty, manifest.Gpus().Driver);
            Assert.Equal(["python", "train.py", "--token", "[REDACTED]"], manifest.Command!.Args);
            Assert.Equal(["PATH"], manifest.EnvironmentVariables.Keys);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_stored_manifest_reads_back_equal_and_an_unknown_schema_version_is_a_clear_error()
    {
        var folder = Directory.CreateTempSubdirectory("repro-nogit-").FullName;
        try
        {
            var captured = Capture(folder);

            var parsed = ManifestCapture.Parse(captured.Json);
            Assert.Equal(captured.Json, ManifestCapture.ToJson(parsed));

            var future = captured.Json.Replace("\"schema_version\": 1", "\"schema_version\": 99", StringComparison.Ordinal);
            var error = Assert.Throws<InvalidRunDataException>(() => ManifestCapture.Parse(future));
            Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

internal static class ManifestTestExtensions
{
    public static GpuInfo Gpus(this EnvironmentManifest manifest) => manifest.Hardware.Gpus;
}
