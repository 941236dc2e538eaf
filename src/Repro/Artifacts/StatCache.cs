using System.Text;

namespace Repro.Artifacts;

/// <summary>
/// Remembers the digest of files already hashed, keyed by path and checked against (device, inode, size,
/// modification time in nanoseconds, status-change time), so re-adding or re-checking an unchanged tree
/// reads no file content. A file modified within <see cref="RacyWindow"/> of now is never trusted nor
/// remembered: a write in the same timestamp tick could otherwise go unseen. Kept in
/// <c>objects/statcache.bin</c>; a lost or stale cache only costs re-hashing.
/// </summary>
internal sealed class StatCache
{
    public const string FileName = "statcache.bin";

    /// <summary>Files modified this recently are re-hashed.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private const uint Magic = 0x31435352; // "RSC1"
    private const int DigestBytes = 32;

    private readonly Dictionary<string, Entry> _entries;
    private readonly Lock _gate = new();
    private bool _changed;

    private StatCache(string path, Dictionary<string, Entry> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    public int Count => _entries.Count;

    /// <summary>Loads the cache file; a missing or unreadable one gives an empty cache.</summary>
    public static StatCache Load(string path)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding.UTF8);
            if (reader.ReadUInt32() == Magic)
            {
                var count = reader.ReadInt32();
                entries.EnsureCapacity(count);
                for (var i = 0; i < count; i++)
                {
                    var key = reader.ReadString();
                    var status = new FileStatus(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), 0);
                    entries[key] = new Entry(status, ContentDigest.Prefix + Convert.ToHexStringLower(reader.ReadBytes(DigestBytes)));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries.Clear();
        }

        return new StatCache(path, entries);
    }

    /// <summary>The remembered digest of a file whose status is unchanged and not racy, else null.</summary>
    public string? Find(string path, FileStatus status, long nowNs)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(path, out entry))
            {
                return null;
            }
        }

        var same = entry.Status.Device == status.Device && entry.Status.Inode == status.Inode && entry.Status.Size == status.Size
            && entry.Status.MtimeNs == status.MtimeNs && entry.Status.CtimeNs == status.CtimeNs;
        return same && !IsRacy(status, nowNs) ? entry.Digest : null;
    }

    /// <summary>Remembers a file's digest, unless it was modified within the racy window.</summary>
    public void Remember(string path, FileStatus status, string digest, long nowNs)
    {
        if (IsRacy(status, nowNs))
        {
            return;
        }

        lock (_gate)
        {
            _entries[path] = new Entry(status, digest);
            _changed = true;
        }
    }

    /// <summary>Writes the cache when it changed (temporary file and rename; failures are ignored: it is only a cache).</summary>
    public void Save()
    {
        lock (_gate)
        {
            if (!_changed)
            {
                return;
            }

            var temp = $"{Path}.{Environment.ProcessId}.tmp";
            try
            {
                using (var writer = new BinaryWriter(new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8))
                {
                    writer.Write(Magic);
                    writer.Write(_entries.Count);
                    Span<byte> digest = stackalloc byte[DigestBytes];
                    foreach (var (key, entry) in _entries)
                    {
                        writer.Write(key);
                        writer.Write(entry.Status.Device);
                        writer.Write(entry.Status.Inode);
                        writer.Write(entry.Status.Size);
                        writer.Write(entry.Status.MtimeNs);
                        writer.Write(entry.Status.CtimeNs);
                        Convert.FromHexString(ContentDigest.Hex(entry.Digest), digest, out _, out _);
                        writer.Write(digest);
                    }
                }

                File.Move(temp, Path, overwrite: true);
                _changed = false;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
                {
                    // Nothing more to do for a cache.
                }
            }
        }
    }

    private static bool IsRacy(FileStatus status, long nowNs) =>
        nowNs - status.MtimeNs < RacyWindow.Ticks * 100 || nowNs - status.CtimeNs < RacyWindow.Ticks * 100;

    private readonly record struct Entry(FileStatus Status, string Digest);
}
