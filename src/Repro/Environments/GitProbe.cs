using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Repro.Artifacts;

namespace Repro.Environments;

/// <summary>
/// The git state of a working folder, in three git calls made side by side (status, diff, remote),
/// plus two when there are untracked files (their content joins the diff through a temporary index,
/// so the real index is never touched). No git, or no repository, is not an error: it gives null.
/// </summary>
internal static class GitProbe
{
    /// <summary>The largest diff stored with a run (1 MiB); a larger one is recorded by size and digest only.</summary>
    public const int MaxDiffBytes = 1 << 20;

    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The repository root holding <paramref name="folder"/>: the nearest folder above it with a .git entry.</summary>
    public static string? FindRoot(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            var marker = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return current.FullName;
            }
        }

        return null;
    }

    /// <summary>Reads the git state; null when the folder is in no repository or git is missing.</summary>
    /// <param name="workingFolder">The folder the run works in.</param>
    /// <param name="excludedFolder">A folder inside the repository to leave out (the store's own, .repro/), or null.</param>
    /// <param name="diff">The uncommitted diff as stored (credentials redacted), or null when none is stored.</param>
    public static GitInfo? Read(string workingFolder, string? excludedFolder, out string? diff)
    {
        diff = null;
        var root = FindRoot(workingFolder);
        if (root is null)
        {
            return null;
        }

        var pathspec = new List<string> { "--", ":/" };
        if (excludedFolder is not null && IsInside(excludedFolder, root))
        {
            pathspec.Add(":(top,exclude)" + Relative(root, excludedFolder));
        }

        try
        {
            var status = Task.Run(() => Git(root, null, MaxDiffBytes, ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", .. pathspec]));
            var remote = Task.Run(() => Git(root, null, 64 * 1024, ["config", "--get", "remote.origin.url"]));
            var trackedDiff = Task.Run(() => Git(root, null, MaxDiffBytes, ["diff", "HEAD", "--binary", "--no-color", "--no-ext-diff", "--no-textconv", .. pathspec]));
            // Needed only when there are untracked files, but asked in parallel so that case costs no extra round trip.
            var indexPath = Task.Run(() => Git(root, null, 4096, ["rev-parse", "--git-path", "index"]));
            var statusResult = status.GetAwaiter().GetResult();
            if (statusResult.ExitCode != 0)
            {
                return null;
            }

            var (commit, branch, dirty, untracked) = ParseStatus(statusResult.Text);
            if (commit is null)
            {
                // A repository without a commit yet: nothing to check out later.
                return null;
            }

            var notes = new List<string>();
            var diffResult = untracked.Count == 0
                ? trackedDiff.GetAwaiter().GetResult()
                : DiffWithUntracked(root, indexPath.GetAwaiter().GetResult().Text.Trim(), untracked, pathspec, notes);
            var remoteResult = remote.GetAwaiter().GetResult();
            var remoteUrl = remoteResult.ExitCode == 0 && remoteResult.Text.Trim().Length > 0
                ? SecretRedactor.RemoveUrlCredentials(remoteResult.Text.Trim())
                : null;

            var info = new GitInfo
            {
                Commit = commit,
                Branch = branch,
                RemoteUrl = remoteUrl,
                Dirty = dirty,
                WorkingFolder = Relative(root, workingFolder),
            };
            if (diffResult.ExitCode != 0)
            {
                return info with { DiffNote = $"git diff failed: {diffResult.Error.Trim()}" };
            }

            if (diffResult.Truncated)
            {
                notes.Add($"the diff is over the {MaxDiffBytes / 1024} KiB cap and is not stored: replay it with --in-place");
                return info with { DiffBytes = diffResult.Bytes, DiffNote = string.Join("; ", notes) };
            }

            if (diffResult.Bytes == 0)
            {
                return info with { DiffNote = notes.Count > 0 ? string.Join("; ", notes) : null };
            }

            var stored = SecretRedactor.Redact(diffResult.Text, out var redactions);
            if (redactions > 0)
            {
                notes.Add($"{redactions} credential-shaped strings were redacted: the stored diff may not apply as recorded");
            }

            diff = stored;
            return info with
            {
                DiffBytes = diffResult.Bytes,
                DiffDigest = ContentDigest.Of(Encoding.UTF8.GetBytes(stored)),
                DiffStored = true,
                DiffRedactions = redactions,
                DiffNote = notes.Count > 0 ? string.Join("; ", notes) : null,
            };
        }
        catch (Win32Exception)
        {
            // git is not installed.
            return null;
        }
    }

    /// <summary>Runs git in <paramref name="folder"/>; its output is read up to <paramref name="maxBytes"/> (then it is stopped).</summary>
    internal static GitResult Git(string folder, string? indexFile, int maxBytes, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No prompts, no index.lock for a read-only status, untranslated messages.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["LC_ALL"] = "C";
        if (indexFile is not null)
        {
            info.Environment["GIT_INDEX_FILE"] = indexFile;
        }

        using var process = Process.Start(info) ?? throw new Win32Exception("git did not start");
        var error = process.StandardError.ReadToEndAsync();
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var truncated = false;
        long total = 0;
        var stdout = process.StandardOutput.BaseStream;
        int read;
        while ((read = stdout.Read(chunk, 0, chunk.Length)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                truncated = true;
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        if (truncated)
        {
            // Count the rest without keeping it, so the size is reported.
            while ((read = stdout.Read(chunk, 0, chunk.Length)) > 0)
            {
                total += read;
            }
        }

        if (!process.WaitForExit(GitTimeout))
        {
            process.Kill(entireProcessTree: true);
        }

        return new GitResult(process.ExitCode, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), error.GetAwaiter().GetResult(), total, truncated);
    }

    /// <summary>The diff against HEAD with untracked files as new files: marked intent-to-add in a copy of the index.</summary>
    private static GitResult DiffWithUntracked(string root, string indexPath, IReadOnlyList<string> untracked, IReadOnlyList<string> pathspec, List<string> notes)
    {
        var included = new List<string>();
        foreach (var path in untracked)
        {
            var full = Path.Combine(root, path);
            if (File.Exists(full) && new FileInfo(full).Length > MaxDiffBytes)
            {
                notes.Add($"untracked file {path} is over {MaxDiffBytes / 1024} KiB and left out of the diff");
                continue;
            }

            included.Add(path);
        }

        var indexCopy = Path.Combine(Path.GetTempPath(), $"repro-index-{Guid.NewGuid():N}");
        try
        {
            var realIndex = Path.GetFullPath(indexPath, root);
            if (File.Exists(realIndex))
            {
                File.Copy(realIndex, indexCopy);
            }

            if (included.Count > 0)
            {
                var add = Git(root, indexCopy, 64 * 1024, ["add", "--intent-to-add", "--", .. included]);
                if (add.ExitCode != 0)
                {
                    notes.Add($"untracked files left out of the diff: {add.Error.Trim()}");
                }
            }

            return Git(root, indexCopy, MaxDiffBytes, ["diff", "HEAD", "--binary", "--no-color", "--no-ext-diff", "--no-textconv", .. pathspec]);
        }
        finally
        {
            File.Delete(indexCopy);
        }
    }

    private static (string? Commit, string? Branch, bool Dirty, List<string> Untracked) ParseStatus(string text)
    {
        string? commit = null;
        string? branch = null;
        var dirty = false;
        var untracked = new List<string>();
        var entries = text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                var oid = entry["# branch.oid ".Length..];
                commit = oid == "(initial)" ? null : oid;
            }
            else if (entry.StartsWith("# branch.head ", StringComparison.Ordinal))
            {
                var head = entry["# branch.head ".Length..];
                branch = head == "(detached)" ? null : head;
            }
            else if (entry.StartsWith("? ", StringComparison.Ordinal))
            {
                dirty = true;
                untracked.Add(entry[2..]);
            }
            else if (entry.StartsWith("2 ", StringComparison.Ordinal))
            {
                // A rename or copy: its original path follows as the next entry.
                dirty = true;
                i++;
            }
            else if (!entry.StartsWith('#') && !entry.StartsWith("! ", StringComparison.Ordinal))
            {
                dirty = true;
            }
        }

        return (commit, branch, dirty, untracked);
    }

    private static bool IsInside(string folder, string root)
    {
        var relative = Path.GetRelativePath(root, folder);
        return relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string Relative(string root, string folder) =>
        Path.GetRelativePath(root, Path.GetFullPath(folder)).Replace(Path.DirectorySeparatorChar, '/');
}
