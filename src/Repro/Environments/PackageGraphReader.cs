using System.Text.Json;

namespace Repro.Environments;

/// <summary>
/// Reads the resolved package graph: a .NET application's <c>.deps.json</c> (name, version, sha512),
/// or the <c>packages.lock.json</c> files of a project a wrapped command builds (name, resolved
/// version, content hash). Unreadable files are skipped and named as such in the sources.
/// </summary>
internal static class PackageGraphReader
{
    /// <summary>Folders never searched for lock files.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", ".git", ".repro", ".venv", "venv", "__pycache__" };

    /// <summary>The most folders looked at when searching for lock files, so a huge tree stays cheap.</summary>
    private const int MaxFoldersSearched = 5_000;

    private const int MaxSearchDepth = 6;

    /// <summary>The packages of this process's entry assembly.</summary>
    public static PackageGraph ReadEntryAssembly()
    {
        var items = new SortedDictionary<string, PackageVersion>(StringComparer.Ordinal);
        var sources = new List<string>();
        var files = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        // The first is the application's own; the others are the shared frameworks'.
        foreach (var file in files.Take(1))
        {
            sources.Add(ReadDepsFile(file, items) ? Path.GetFileName(file) : $"{Path.GetFileName(file)} (unreadable)");
        }

        return new PackageGraph(sources, items);
    }

    /// <summary>The packages in every packages.lock.json under <paramref name="root"/> (bin, obj and hidden folders skipped).</summary>
    public static PackageGraph ReadLockFiles(string root)
    {
        var items = new SortedDictionary<string, PackageVersion>(StringComparer.Ordinal);
        var sources = new List<string>();
        var queue = new Queue<(string Folder, int Depth)>();
        queue.Enqueue((root, 0));
        var searched = 0;
        while (queue.Count > 0 && searched < MaxFoldersSearched)
        {
            var (folder, depth) = queue.Dequeue();
            searched++;
            var lockFile = Path.Combine(folder, "packages.lock.json");
            if (File.Exists(lockFile))
            {
                var relative = Path.GetRelativePath(root, lockFile).Replace(Path.DirectorySeparatorChar, '/');
                sources.Add(ReadLockFile(lockFile, items) ? relative : $"{relative} (unreadable)");
            }

            if (depth >= MaxSearchDepth)
            {
                continue;
            }

            try
            {
                foreach (var child in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(child);
                    if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
                    {
                        queue.Enqueue((child, depth + 1));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder holds no lock file we can record.
            }
        }

        if (queue.Count > 0)
        {
            sources.Add($"(search stopped after {MaxFoldersSearched} folders)");
        }

        sources.Sort(StringComparer.Ordinal);
        return new PackageGraph(sources, items);
    }

    private static bool ReadDepsFile(string path, SortedDictionary<string, PackageVersion> items)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("libraries", out var libraries))
            {
                return true;
            }

            foreach (var library in libraries.EnumerateObject())
            {
                var type = library.Value.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type != "package")
                {
                    continue;
                }

                var slash = library.Name.LastIndexOf('/');
                var name = slash > 0 ? library.Name[..slash] : library.Name;
                var version = slash > 0 ? library.Name[(slash + 1)..] : "unknown";
                var hash = library.Value.TryGetProperty("sha512", out var h) ? h.GetString() : null;
                Add(items, name, version, string.IsNullOrEmpty(hash) ? null : hash);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    private static bool ReadLockFile(string path, SortedDictionary<string, PackageVersion> items)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("dependencies", out var frameworks))
            {
                return true;
            }

            foreach (var framework in frameworks.EnumerateObject())
            {
                foreach (var package in framework.Value.EnumerateObject())
                {
                    var type = package.Value.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type == "Project" || !package.Value.TryGetProperty("resolved", out var resolved))
                    {
                        continue;
                    }

                    var hash = package.Value.TryGetProperty("contentHash", out var h) ? "sha512-" + h.GetString() : null;
                    Add(items, package.Name, resolved.GetString() ?? "unknown", hash);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Adds a package; one resolved at several versions (by different projects) lists them all.</summary>
    private static void Add(SortedDictionary<string, PackageVersion> items, string name, string version, string? hash)
    {
        if (items.TryGetValue(name, out var existing))
        {
            if (!existing.Version.Split(" | ").Contains(version, StringComparer.Ordinal))
            {
                items[name] = existing with { Version = existing.Version + " | " + version, Hash = existing.Hash };
            }

            return;
        }

        items[name] = new PackageVersion(version, hash);
    }
}
