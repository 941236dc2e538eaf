using System.Buffers;
using Repro.Artifacts.Hashing;
using Repro.Storage;

namespace Repro.Artifacts;

/// <summary>
/// Content-addressed objects under <c>STORE_FOLDER/objects/</c>: each named by its BLAKE3 digest with a
/// two-character fan-out (<c>objects/ab/cdef...</c>). Writes go through the hasher into a temporary file in
/// <c>objects/tmp/</c>, are flushed to disk and renamed into place, so an object is either absent or whole.
/// Reads verify while streaming; a corrupt object is moved to <c>objects/quarantine/</c>, never deleted or served.
/// Object files are made read-only.
/// </summary>
internal sealed class ObjectStore
{
    public const string FolderName = "objects";
    public const string TempFolderName = "tmp";
    public const string QuarantineFolderName = "quarantine";

    private const int BufferSize = 1 << 20;
    private const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly Func<string, Stream> _defaultCreateTemp = path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);

    private readonly Func<string, Stream> _createTemp;

    /// <param name="root">The objects folder.</param>
    /// <param name="createTemp">Opens a new temporary file for writing (replaced in tests to simulate a full disk).</param>
    public ObjectStore(string root, Func<string, Stream>? createTemp = null)
    {
        Root = Path.GetFullPath(root);
        _createTemp = createTemp ?? _defaultCreateTemp;
    }

    /// <summary>The objects folder.</summary>
    public string Root { get; }

    /// <summary>Where temporary files are written before they become objects.</summary>
    public string TempFolder => Path.Combine(Root, TempFolderName);

    /// <summary>Where corrupt objects are moved.</summary>
    public string QuarantineFolder => Path.Combine(Root, QuarantineFolderName);

    /// <summary>The object folder of an embedded store: <c>objects/</c> beside its database file.</summary>
    /// <exception cref="ArtifactException">The store is not a local (sqlite) store.</exception>
    public static ObjectStore For(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Scheme != "sqlite")
        {
            throw new ArtifactException($"The store {location.Uri} keeps no local objects: artifacts need a folder store (sqlite:PATH).");
        }

        return new ObjectStore(Path.Combine(Path.GetDirectoryName(location.Path)!, FolderName));
    }

    /// <summary>The path of an object's file (whether or not it exists).</summary>
    /// <exception cref="ArgumentException">The digest is not <c>blake3:</c> and 64 lowercase hex characters.</exception>
    public string PathOf(string digest)
    {
        if (!ContentDigest.IsValid(digest))
        {
            throw new ArgumentException($"'{digest}' is not a blake3 digest.", nameof(digest));
        }

        var hex = ContentDigest.Hex(digest);
        return Path.Combine(Root, hex[..2], hex[2..]);
    }

    /// <summary>True when the object is stored (its content is not checked).</summary>
    public bool Contains(string digest) => File.Exists(PathOf(digest));

    /// <summary>
    /// Opens an object for reading. The stream hashes what it returns; when the end is reached and the digest
    /// differs, the object is quarantined and <see cref="ArtifactIntegrityException"/> is thrown, so a caller
    /// that reads to the end never accepts corrupt bytes silently.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">The object is not stored.</exception>
    public Stream OpenRead(string digest)
    {
        var path = PathOf(digest);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new ArtifactNotFoundException(digest, $"Object {digest} is not in the store at {Root} (removed, quarantined, or never stored).");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ArtifactNotFoundException(digest, $"Object {digest} is not in the store at {Root} (removed, quarantined, or never stored).");
        }

        return new VerifyingReadStream(file, digest, actual => Corrupt(digest, actual, "reading"));
    }

    /// <summary>Reads a whole (small) object, verified.</summary>
    public byte[] ReadAllBytes(string digest)
    {
        using var stream = OpenRead(digest);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Stores a stream's remaining content and returns its digest; the object is durable when this returns.</summary>
    /// <exception cref="ArtifactException">The disk is full or the store cannot be written (no partial object is left).</exception>
    public string Put(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var staged = Stage(content, durable: true);
        Publish(staged, syncFolder: true);
        return staged.Digest;
    }

    /// <summary>Stores a file's content and returns its digest.</summary>
    /// <exception cref="ArtifactException">The file cannot be read, or the store cannot be written.</exception>
    public string PutFile(string path)
    {
        using var stream = OpenSource(path);
        return Put(stream);
    }

    /// <summary>Stores bytes (a manifest) and returns their digest.</summary>
    public string PutBytes(ReadOnlySpan<byte> content)
    {
        var digest = ContentDigest.Of(content);
        if (Contains(digest))
        {
            return digest;
        }

        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return Put(stream);
    }

    /// <summary>
    /// Writes content to a temporary file while hashing it. With <paramref name="durable"/> the file is
    /// flushed to disk here; otherwise the caller flushes a whole batch (<see cref="SyncBatch"/>) before
    /// <see cref="Publish"/>. Returns null content path when the object already exists (nothing written).
    /// </summary>
    public StagedObject Stage(Stream content, bool durable)
    {
        Directory.CreateDirectory(TempFolder);
        var temp = Path.Combine(TempFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var hasher = new Blake3Hasher();
            long size = 0;
            using (var output = _createTemp(temp))
            {
                int read;
                while ((read = content.Read(buffer, 0, BufferSize)) > 0)
                {
                    hasher.Update(buffer.AsSpan(0, read));
                    output.Write(buffer, 0, read);
                    size += read;
                }

                output.Flush();
                if (durable && output is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            return new StagedObject(ContentDigest.Format(hasher), temp, size);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw WriteFailure(ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes small content whose digest the caller has just computed to a temporary file, created read-only
    /// (so publishing needs no chmod) and not flushed: the caller flushes the batch (<see cref="SyncBatch"/>)
    /// before <see cref="PublishBatch"/>. The temporary folder must exist (<see cref="PrepareBatch"/>).
    /// </summary>
    /// <exception cref="ArtifactException">The disk is full or the store cannot be written (no partial file is left).</exception>
    public StagedObject StageHashed(ReadOnlySpan<byte> content, string digest)
    {
        var temp = Path.Combine(TempFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var output = OpenTempReadOnly(temp))
            {
                output.Write(content);
            }

            return new StagedObject(digest, temp, content.Length) { IsReadOnly = _createTemp == _defaultCreateTemp };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw WriteFailure(ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Creates the temporary folder once before a batch of <see cref="StageHashed"/> calls.</summary>
    public void PrepareBatch() => Directory.CreateDirectory(TempFolder);

    /// <summary>
    /// Renames a batch of flushed temporary files into place on all cores, creating each fan-out folder once;
    /// the caller makes the renames durable with one sync afterwards. An object already stored keeps its file.
    /// </summary>
    /// <exception cref="ArtifactException">A rename failed (the remaining temporary files are removed).</exception>
    public void PublishBatch(IReadOnlyList<StagedObject> staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in staged)
        {
            if (prefixes.Add(ContentDigest.Hex(item.Digest)[..2]))
            {
                Directory.CreateDirectory(Path.Combine(Root, ContentDigest.Hex(item.Digest)[..2]));
            }
        }

        try
        {
            Parallel.ForEach(staged, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item => PublishOne(item, syncFolder: false, folderExists: true));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault() is ReproException first)
        {
            foreach (var item in staged)
            {
                TryDelete(item.TempPath);
            }

            throw first;
        }
    }

    /// <summary>Flushes every staged (not yet durable) temporary file of a batch with one syncfs(2) call.</summary>
    public void SyncBatch(IReadOnlyCollection<StagedObject> staged)
    {
        if (staged.Count == 0)
        {
            return;
        }

        var first = staged.First();
        using var handle = File.OpenHandle(first.TempPath, FileMode.Open, FileAccess.Read);
        if (!NativeFiles.SyncFileSystem(handle))
        {
            foreach (var item in staged)
            {
                using var each = new FileStream(item.TempPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1);
                each.Flush(flushToDisk: true);
            }
        }
    }

    /// <summary>
    /// Renames a staged temporary file into place (or drops it when the object already exists). With
    /// <paramref name="syncFolder"/> the rename is made durable here; a batch syncs once after all its renames.
    /// </summary>
    public void Publish(StagedObject staged, bool syncFolder) => PublishOne(staged, syncFolder, folderExists: false);

    private void PublishOne(StagedObject staged, bool syncFolder, bool folderExists)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var target = PathOf(staged.Digest);
        if (File.Exists(target))
        {
            TryDelete(staged.TempPath);
            return;
        }

        try
        {
            var folder = Path.GetDirectoryName(target)!;
            if (!folderExists)
            {
                Directory.CreateDirectory(folder);
            }

            if (!staged.IsReadOnly && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staged.TempPath, ReadOnlyMode);
            }

            // Another process may publish the same object at the same moment: same bytes, either wins.
            File.Move(staged.TempPath, target, overwrite: true);
            if (syncFolder)
            {
                NativeFiles.SyncDirectory(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(staged.TempPath);
            throw WriteFailure(ex);
        }
    }

    /// <summary>Drops a staged file that will not be published.</summary>
    public static void Discard(StagedObject staged) => TryDelete(staged.TempPath);

    /// <summary>Checks an object by reading it all; a corrupt one is quarantined.</summary>
    public ObjectCheck Check(string digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
        {
            return new ObjectCheck(digest, ObjectState.Missing, null);
        }

        string actual;
        try
        {
            actual = ContentDigest.OfFile(path);
        }
        catch (FileNotFoundException)
        {
            return new ObjectCheck(digest, ObjectState.Missing, null);
        }

        if (actual == digest)
        {
            return new ObjectCheck(digest, ObjectState.Intact, actual);
        }

        Quarantine(digest);
        return new ObjectCheck(digest, ObjectState.Corrupt, actual);
    }

    /// <summary>Moves a corrupt object to the quarantine folder (kept for inspection, never served). Returns the new path.</summary>
    public string? Quarantine(string digest)
    {
        var path = PathOf(digest);
        Directory.CreateDirectory(QuarantineFolder);
        var hex = ContentDigest.Hex(digest);
        var target = Path.Combine(QuarantineFolder, hex);
        for (var i = 1; File.Exists(target); i++)
        {
            target = Path.Combine(QuarantineFolder, $"{hex}.{i}");
        }

        try
        {
            File.Move(path, target);
            return target;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every stored object: digest, size and last write time (quarantine and temporary files excluded).</summary>
    public IEnumerable<StoredObject> Enumerate()
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var prefix = Path.GetFileName(folder);
            if (prefix.Length != 2)
            {
                continue;
            }

            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                var digest = ContentDigest.Prefix + prefix + file.Name;
                if (ContentDigest.IsValid(digest))
                {
                    yield return new StoredObject(digest, file.Length, file.LastWriteTimeUtc);
                }
            }
        }
    }

    /// <summary>Temporary files left by writes (in progress, or from a process that died mid-write).</summary>
    public IEnumerable<FileInfo> TempFiles() =>
        Directory.Exists(TempFolder) ? new DirectoryInfo(TempFolder).EnumerateFiles() : [];

    /// <summary>Deletes an object (garbage collection only).</summary>
    public void Delete(string digest) => TryDelete(PathOf(digest));

    /// <summary>
    /// A digest and every object its directory manifests reach, children before parents (so a remote that
    /// receives them in this order never holds a manifest whose children are missing). Each digest once.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">A manifest or the root is not stored.</exception>
    public IEnumerable<string> Closure(string digest)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        Visit(digest);
        return order;

        void Visit(string current)
        {
            if (!seen.Add(current))
            {
                return;
            }

            var manifest = TryReadManifest(current);
            if (manifest is not null)
            {
                foreach (var entry in manifest.Entries)
                {
                    if (entry.Digest is not null)
                    {
                        Visit(entry.Digest);
                    }
                }
            }

            order.Add(current);
        }
    }

    /// <summary>The directory manifest an object holds, or null when the object is a plain file.</summary>
    /// <exception cref="ArtifactNotFoundException">The object is not stored.</exception>
    public DirectoryManifest? TryReadManifest(string digest)
    {
        var path = PathOf(digest);
        Span<byte> head = stackalloc byte[DirectoryManifest.HeaderBytes.Length];
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head.SequenceEqual(DirectoryManifest.HeaderBytes))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactNotFoundException(digest, $"Object {digest} is not in the store at {Root}.");
        }

        return DirectoryManifest.Parse(ReadAllBytes(digest), digest);
    }

    private ArtifactIntegrityException Corrupt(string expected, string actual, string what)
    {
        var moved = Quarantine(expected);
        return new ArtifactIntegrityException(expected, actual,
            $"Object {expected} is corrupt: {what} it gave {actual}. It was moved to {moved ?? QuarantineFolder}; restore it from a remote or re-add the source.");
    }

    private Stream OpenTempReadOnly(string path)
    {
        if (_createTemp != _defaultCreateTemp || OperatingSystem.IsWindows())
        {
            return _createTemp(path);
        }

        // Created with mode 0444: the creating handle may still write it, and the object needs no chmod later.
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            UnixCreateMode = ReadOnlyMode,
        });
    }

    private static FileStream OpenSource(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactException($"Cannot add {path}: it does not exist.", innerException: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ArtifactException($"Cannot add {path}: permission denied.", innerException: ex);
        }
    }

    private ArtifactException WriteFailure(Exception ex)
    {
        var full = ex is IOException io && (io.HResult & 0xFFFF) == 28;
        return full
            ? new ArtifactException($"Cannot write to the object store at {Root}: the disk is full. Nothing was stored; free space (or run 'repro artifacts gc') and try again.", isTransient: true, ex)
            : new ArtifactException($"Cannot write to the object store at {Root}: {ex.Message}", innerException: ex);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for gc, which removes stale temporary files.
        }
    }
}
