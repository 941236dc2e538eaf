using System.Runtime.InteropServices;

namespace Repro.Artifacts;

/// <summary>
/// The few Linux calls the object store needs and .NET does not offer: statx(2) for the stat cache
/// (device, inode, nanosecond times; one fixed struct layout on every architecture), fsync of a folder so
/// a rename is durable, syncfs(2) for a batch, and the FICLONE ioctl for reflinks. Elsewhere they report
/// "unsupported" and callers fall back.
/// </summary>
internal static unsafe partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;
    private const ulong Ficlone = 0x40049409;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>lstat-like status of a path (symbolic links are not followed), or null when it cannot be read.</summary>
    public static FileStatus? Stat(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        var buffer = stackalloc byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        var mode = *(ushort*)(buffer + 28);
        var ino = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var ctime = (*(long*)(buffer + 96) * 1_000_000_000L) + *(uint*)(buffer + 104);
        var mtime = (*(long*)(buffer + 112) * 1_000_000_000L) + *(uint*)(buffer + 120);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return new FileStatus(device, ino, size, mtime, ctime, mode);
    }

    /// <summary>Flushes a folder's entries (a rename into it) to disk; false when unsupported.</summary>
    public static bool SyncDirectory(string path)
    {
        if (!IsSupported)
        {
            return false;
        }

        var fd = open(path, ORdOnly | ODirectory | OCloexec);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return fsync(fd) == 0;
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>Flushes every dirty page of the file system holding the open file.</summary>
    public static bool SyncFileSystem(SafeHandle file)
    {
        if (!IsSupported)
        {
            return false;
        }

        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return syncfs((int)file.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>Makes <paramref name="target"/> share <paramref name="source"/>'s blocks (copy on write); false when the file system cannot.</summary>
    public static bool TryReflink(SafeHandle source, SafeHandle target)
    {
        if (!IsSupported)
        {
            return false;
        }

        bool addedSource = false, addedTarget = false;
        source.DangerousAddRef(ref addedSource);
        target.DangerousAddRef(ref addedTarget);
        try
        {
            return ioctl((int)target.DangerousGetHandle(), Ficlone, (int)source.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (addedSource)
            {
                source.DangerousRelease();
            }

            if (addedTarget)
            {
                target.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int syncfs(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, ulong request, int argument);
}
