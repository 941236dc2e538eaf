using Repro.Environments;

namespace Repro.Replay;

/// <summary>
/// A clean checkout of a run's recorded commit with its recorded diff applied: a temporary, detached
/// git worktree of the repository the current folder is in. Removed (with git's record of it) on dispose.
/// </summary>
internal sealed class ReplayCheckout : IDisposable
{
    private readonly string _repositoryRoot;

    private ReplayCheckout(string repositoryRoot, string root, string workingDirectory)
    {
        _repositoryRoot = repositoryRoot;
        Root = root;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The worktree's root.</summary>
    public string Root { get; }

    /// <summary>The recorded working folder inside the worktree.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Checks out <paramref name="git"/>'s commit and applies <paramref name="diff"/>.</summary>
    /// <exception cref="ReplayException">No repository here, the commit is gone, or the diff does not apply.</exception>
    public static ReplayCheckout Create(string currentDirectory, GitInfo git, string? diff)
    {
        ArgumentNullException.ThrowIfNull(git);
        var repositoryRoot = GitProbe.FindRoot(currentDirectory)
            ?? throw new ReplayException($"Replaying needs the run's git repository, and {currentDirectory} is not in one. Run repro replay inside a clone, or add --in-place.");
        if (GitProbe.Git(repositoryRoot, null, 4096, ["cat-file", "-e", git.Commit + "^{commit}"]).ExitCode != 0)
        {
            throw new ReplayException($"Commit {git.Commit} no longer exists in {repositoryRoot} (rebased, or not fetched?): fetch it, or replay with --in-place.");
        }

        if (git.Dirty && !git.DiffStored && git.DiffBytes > 0)
        {
            throw new ReplayException($"The run had uncommitted changes that were not stored ({git.DiffNote}): replay it with --in-place.");
        }

        var root = Path.Combine(Path.GetTempPath(), $"repro-replay-{Guid.NewGuid():N}");
        var add = GitProbe.Git(repositoryRoot, null, 64 * 1024, ["worktree", "add", "--detach", "--quiet", root, git.Commit]);
        if (add.ExitCode != 0)
        {
            throw new ReplayException($"Could not check out commit {git.Commit[..12]} in a temporary worktree: {add.Error.Trim()}");
        }

        var checkout = new ReplayCheckout(repositoryRoot, root, Path.GetFullPath(Path.Combine(root, git.WorkingFolder)));
        try
        {
            if (!string.IsNullOrEmpty(diff))
            {
                var patch = root + ".diff";
                File.WriteAllText(patch, diff);
                try
                {
                    var apply = GitProbe.Git(root, null, 64 * 1024, ["apply", "--binary", "--whitespace=nowarn", patch]);
                    if (apply.ExitCode != 0)
                    {
                        throw new ReplayException($"The run's recorded diff does not apply to commit {git.Commit[..12]}: {apply.Error.Trim().Split('\n')[0]}");
                    }
                }
                finally
                {
                    File.Delete(patch);
                }
            }

            Directory.CreateDirectory(checkout.WorkingDirectory);
            return checkout;
        }
        catch
        {
            checkout.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        GitProbe.Git(_repositoryRoot, null, 64 * 1024, ["worktree", "remove", "--force", Root]);
        if (Directory.Exists(Root))
        {
            try
            {
                Directory.Delete(Root, recursive: true);
                GitProbe.Git(_repositoryRoot, null, 64 * 1024, ["worktree", "prune"]);
            }
            catch (IOException)
            {
                // Left in the temp folder; git prunes its record of it later.
            }
        }
    }
}
