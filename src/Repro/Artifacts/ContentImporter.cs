using System.IO.Enumeration;

namespace Repro.Artifacts;

/// <summary>
/// Copies a file or a folder tree into the object store. Folders become nested manifests
/// (<see cref="DirectoryManifest"/>); unchanged files are recognised through the <see cref="StatCache"/>
/// without being read; new content is hashed on all cores, staged in temporary files, flushed with one
/// sync for the batch, then renamed into place children first, so no manifest is ever visible before the
/// objects it names.
/// </summary>
internal sealed class ContentImporter(ObjectStore objects, StatCache cache, TimeProvider time)
{
    private const int SmallFile = 1 << 20;

    /// <summary>Imports <paramref name="path"/> (a file, or a folder with everything in it).</summary>
    /// <exception cref="ArtifactException">The path is missing or unreadable, or the store cannot be written.</exception>
    public ImportResult Import(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new ArtifactException($"Cannot add {path}: no such file or folder.");
        }

        EnsureWritable();
        if (File.Exists(full))
        {
            full = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
            var status = StatOf(full);
            EnsureReadable(full, status, path);
            var digest = ImportFiles([new FileItem(full, status)]).Single();
            cache.Save();
            return new ImportResult(digest, false, status.Size, 1, _hashed, _newObjects, [], [], []);
        }

        var root = Scan(full, string.Empty);
        var digests = ImportFiles(_files);
        for (var i = 0; i < _files.Count; i++)
        {
            _files[i].Digest = digests[i];
        }

        var staged = new List<StagedObject>();
        var rootDigest = BuildManifest(root, staged);
        objects.SyncBatch(staged);
        foreach (var manifest in staged)
        {
            objects.Publish(manifest, syncFolder: false);
        }

        SyncPublished(staged);
        cache.Save();
        return new ImportResult(rootDigest, true, root.Size, _files.Count, _hashed, _newObjects + staged.Count, _links, _emptyDirectories, _skipped);
    }

    private readonly List<FileItem> _files = [];
    private readonly List<KeyValuePair<string, string>> _links = [];
    private readonly List<string> _emptyDirectories = [];
    private readonly List<string> _skipped = [];
    private long _hashed;
    private long _newObjects;

    private Folder Scan(string folder, string relative)
    {
        var node = new Folder(folder, relative);
        var names = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.FileName.ToString(),
            new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false });
        List<string> list;
        try
        {
            list = [.. names];
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ArtifactException($"Cannot add {folder}: permission denied.", innerException: ex);
        }

        if (list.Count == 0 && relative.Length > 0)
        {
            _emptyDirectories.Add(relative);
        }

        foreach (var name in list)
        {
            var child = Path.Combine(folder, name);
            var childRelative = relative.Length == 0 ? name : relative + "/" + name;
            var status = StatOf(child);
            if (status.IsSymbolicLink)
            {
                var target = new FileInfo(child).LinkTarget ?? string.Empty;
                node.Entries.Add(new ManifestEntry(name, ManifestEntryKind.SymbolicLink, 0x1FF & status.Permissions, 0, null, target, 0));
                _links.Add(new(childRelative, target));
            }
            else if (status.IsDirectory)
            {
                EnsureReadable(child, status, childRelative);
                node.Folders.Add(Scan(child, childRelative));
            }
            else if (status.IsFile)
            {
                EnsureReadable(child, status, childRelative);
                var item = new FileItem(child, status) { Name = name };
                node.Files.Add(item);
                _files.Add(item);
            }
            else
            {
                _skipped.Add($"{childRelative} (not a regular file, folder or link)");
            }
        }

        return node;
    }

    private string[] ImportFiles(IReadOnlyList<FileItem> files)
    {
        var nowNs = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var digests = new string[files.Count];
        var staged = new StagedObject?[files.Count];
        // Unchanged files: a stat-cache lookup and an existence check each, no read; spread over the cores
        // because the existence check is a system call per file.
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var cached = cache.Find(files[i].Path, files[i].Status, nowNs);
            if (cached is not null && objects.Contains(cached))
            {
                digests[i] = cached;
            }
        });

        var toHash = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            if (digests[i] is null)
            {
                toHash.Add(i);
            }
        }

        try
        {
            if (toHash.Count > 0)
            {
                objects.PrepareBatch();
            }

            Parallel.ForEach(toHash, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var (digest, stage) = HashAndStage(files[i]);
                digests[i] = digest;
                staged[i] = stage;
                cache.Remember(files[i].Path, files[i].Status, digest, nowNs);
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault() is ReproException first)
        {
            foreach (var stage in staged.OfType<StagedObject>())
            {
                ObjectStore.Discard(stage);
            }

            throw first;
        }

        _hashed += toHash.Count;
        var batch = staged.OfType<StagedObject>().ToList();
        objects.SyncBatch(batch);
        objects.PublishBatch(batch);
        _newObjects += batch.Count;
        SyncPublished(batch);
        return digests;
    }

    private (string Digest, StagedObject? Staged) HashAndStage(FileItem file)
    {
        try
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (file.Status.Size <= SmallFile)
            {
                var bytes = new byte[file.Status.Size];
                var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                var content = bytes.AsMemory(0, read);
                var digest = ContentDigest.Of(content.Span);
                if (objects.Contains(digest))
                {
                    return (digest, null);
                }

                return (digest, objects.StageHashed(content.Span, digest));
            }

            var stage = objects.Stage(stream, durable: false);
            return (stage.Digest, stage);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactException($"Cannot add {file.Path}: it disappeared while being added.", innerException: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ArtifactException($"Cannot add {file.Path}: permission denied.", innerException: ex);
        }
        catch (IOException ex)
        {
            throw new ArtifactException($"Cannot read {file.Path}: {ex.Message}", innerException: ex);
        }
    }

    private string BuildManifest(Folder folder, List<StagedObject> staged)
    {
        var entries = new List<ManifestEntry>(folder.Entries);
        foreach (var file in folder.Files)
        {
            entries.Add(new ManifestEntry(file.Name, ManifestEntryKind.File, file.Status.Permissions, file.Status.Size, file.Digest, null, 1));
        }

        foreach (var sub in folder.Folders)
        {
            var digest = BuildManifest(sub, staged);
            entries.Add(new ManifestEntry(Path.GetFileName(sub.Path), ManifestEntryKind.Directory, StatOf(sub.Path).Permissions, sub.Size, digest, null, sub.FileCount));
        }

        var manifest = new DirectoryManifest(entries);
        folder.Size = manifest.Size;
        folder.FileCount = manifest.FileCount;
        var bytes = manifest.ToBytes();
        var manifestDigest = ContentDigest.Of(bytes);
        if (!objects.Contains(manifestDigest) && staged.All(s => s.Digest != manifestDigest))
        {
            using var memory = new MemoryStream(bytes, writable: false);
            staged.Add(objects.Stage(memory, durable: false));
        }

        return manifestDigest;
    }

    private void SyncPublished(IReadOnlyCollection<StagedObject> published)
    {
        // The renames themselves: one sync of the file system makes every new directory entry durable.
        var any = published.FirstOrDefault(p => objects.Contains(p.Digest));
        if (any is not null)
        {
            using var handle = File.OpenHandle(objects.PathOf(any.Digest), FileMode.Open, FileAccess.Read);
            NativeFiles.SyncFileSystem(handle);
        }
    }

    private void EnsureWritable()
    {
        // Honour an object store marked read-only even for root (as the SQLite store honours its file's mode).
        Directory.CreateDirectory(objects.Root);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(objects.Root) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
        {
            throw new ArtifactException($"Cannot add: the object store at {objects.Root} is read-only (its folder has no write permission).");
        }
    }

    private static void EnsureReadable(string path, FileStatus status, string shown)
    {
        // Root reads anything, so a file or folder with no read bit at all is refused explicitly: the user
        // marked it private, and the store must not copy it behind their back.
        if ((status.Permissions & 0x124) == 0)
        {
            throw new ArtifactException($"Cannot add {shown}: permission denied ({path} has no read permission).");
        }
    }

    private static FileStatus StatOf(string path)
    {
        if (NativeFiles.Stat(path) is { } status)
        {
            return status;
        }

        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            throw new ArtifactException($"Cannot add {path}: it disappeared while being added.");
        }

        var mode = info.LinkTarget is not null ? 0xA000 : Directory.Exists(path) ? 0x4000 : 0x8000;
        var permissions = OperatingSystem.IsWindows() ? 0x1A4 : (int)info.UnixFileMode;
        var ticks = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
        return new FileStatus(0, 0, mode == 0x8000 ? info.Length : 0, ticks, ticks, mode | permissions);
    }

    private sealed class FileItem(string path, FileStatus status)
    {
        public string Path { get; } = path;

        public FileStatus Status { get; } = status;

        public string Name { get; init; } = System.IO.Path.GetFileName(path);

        public string Digest { get; set; } = string.Empty;
    }

    private sealed class Folder(string path, string relative)
    {
        public string Path { get; } = path;

        public string Relative { get; } = relative;

        public List<ManifestEntry> Entries { get; } = [];

        public List<FileItem> Files { get; } = [];

        public List<Folder> Folders { get; } = [];

        public long Size { get; set; }

        public long FileCount { get; set; }
    }
}
