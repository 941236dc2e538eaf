using System.Runtime.InteropServices;

namespace Repro.Artifacts;

/// <summary>
/// Writes an artifact out of the store: each file by reflink, else read-only hard link, else verified copy.
/// Objects are verified before they are linked (a link never exposes a corrupt object), and a file that
/// must stay writable or executable is copied, because a hard link shares the store's read-only inode.
/// Never overwrites an existing file.
/// </summary>
internal sealed partial class Materializer(ObjectStore objects, bool allowLinks)
{
    private int _reflinks;
    private int _hardlinks;
    private int _copies;
    private int _links;
    private int _empty;
    private long _bytes;

    /// <summary>Writes a resolved artifact into <paramref name="targetFolder"/> (a file artifact as one file inside it).</summary>
    /// <exception cref="ArtifactException">A target file exists, or the folder cannot be written.</exception>
    /// <exception cref="ArtifactIntegrityException">An object is corrupt (it is quarantined).</exception>
    public MaterializeResult Materialize(ResolvedArtifact artifact, string targetFolder)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var target = Path.GetFullPath(targetFolder);
        try
        {
            Directory.CreateDirectory(target);
            if (artifact.IsDirectory)
            {
                WriteFolder(artifact.Digest, target);
            }
            else
            {
                var name = artifact.Version?.FileName ?? artifact.Version?.Name.Name.Split('/')[^1] ?? ContentDigest.Hex(artifact.Digest)[..16];
                WriteFile(artifact.Digest, Path.Combine(target, name), 0x1A4);
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ArtifactException($"Cannot write to {target}: permission denied.", innerException: ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new ArtifactException($"Cannot write to {target}: {ex.Message}", innerException: ex);
        }

        return new MaterializeResult(target, _reflinks, _hardlinks, _copies, _links, _empty, _bytes);
    }

    private void WriteFolder(string manifestDigest, string folder)
    {
        var manifest = objects.TryReadManifest(manifestDigest)
            ?? throw new ArtifactException($"Object {manifestDigest} is not a directory manifest.");
        Directory.CreateDirectory(folder);
        if (manifest.Entries.Count == 0)
        {
            _empty++;
        }

        foreach (var entry in manifest.Entries)
        {
            var path = Path.Combine(folder, entry.Name);
            switch (entry.Kind)
            {
                case ManifestEntryKind.Directory:
                    WriteFolder(entry.Digest!, path);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(path, (UnixFileMode)entry.Mode | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.UserRead);
                    }

                    break;
                case ManifestEntryKind.SymbolicLink:
                    if (Path.Exists(path))
                    {
                        throw new ArtifactException($"Cannot get into {folder}: {path} already exists.");
                    }

                    File.CreateSymbolicLink(path, entry.LinkTarget!);
                    _links++;
                    break;
                default:
                    WriteFile(entry.Digest!, path, entry.Mode);
                    break;
            }
        }
    }

    private void WriteFile(string digest, string path, int mode)
    {
        if (Path.Exists(path))
        {
            throw new ArtifactException($"Cannot get into {Path.GetDirectoryName(path)}: {path} already exists (get never overwrites).");
        }

        var source = objects.PathOf(digest);
        if (allowLinks && File.Exists(source))
        {
            var check = objects.Check(digest);
            if (check.State == ObjectState.Corrupt)
            {
                throw new ArtifactIntegrityException(digest, check.ActualDigest!, $"Object {digest} is corrupt: reading it gave {check.ActualDigest}. It was moved to {objects.QuarantineFolder}.");
            }

            if (TryReflink(source, path, mode))
            {
                _reflinks++;
                _bytes += new FileInfo(path).Length;
                return;
            }

            // A hard link shares the object's read-only inode (mode 0444), so an executable is copied instead.
            if ((mode & 0x49) == 0 && NativeFiles.IsSupported && link(source, path) == 0)
            {
                _hardlinks++;
                _bytes += new FileInfo(path).Length;
                return;
            }
        }

        using (var input = objects.OpenRead(digest))
        using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            try
            {
                input.CopyTo(output, 1 << 20);
            }
            catch (ArtifactIntegrityException)
            {
                output.Dispose();
                File.Delete(path);
                throw;
            }

            _bytes += output.Length;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }

        _copies++;
    }

    private static bool TryReflink(string source, string path, int mode)
    {
        if (!NativeFiles.IsSupported)
        {
            return false;
        }

        using var input = File.OpenHandle(source, FileMode.Open, FileAccess.Read);
        var cloned = false;
        using (var output = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            cloned = NativeFiles.TryReflink(input, output);
        }

        if (!cloned)
        {
            File.Delete(path);
            return false;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }

        return true;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string existing, string created);
}
