namespace Repro.Artifacts;

/// <summary>What statx(2) says about a path: the stat cache's key (device, inode, size, times) and the mode.</summary>
/// <param name="Device">The device number (major in the high 32 bits).</param>
/// <param name="Inode">The inode number.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="MtimeNs">Modification time, nanoseconds since the Unix epoch.</param>
/// <param name="CtimeNs">Status-change time, nanoseconds since the Unix epoch.</param>
/// <param name="Mode">The file type and permission bits (st_mode).</param>
internal readonly record struct FileStatus(ulong Device, ulong Inode, long Size, long MtimeNs, long CtimeNs, int Mode)
{
    private const int TypeMask = 0xF000;

    public bool IsFile => (Mode & TypeMask) == 0x8000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    /// <summary>The permission bits (rwx for user, group, others, plus setuid, setgid, sticky).</summary>
    public int Permissions => Mode & 0xFFF;
}
