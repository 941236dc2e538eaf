using System.Globalization;
using System.Text;

namespace Repro.Profiling;

/// <summary>
/// Reads Linux's <c>/proc</c>: a process's CPU ticks, resident and peak resident memory, threads and I/O,
/// and the machine's memory and CPU. Every reader returns null (or false) when the file is missing or
/// unreadable, as it is for a process that has just exited or belongs to another user.
/// </summary>
internal static partial class ProcFs
{
    /// <summary>True where <c>/proc</c> can be read (Linux).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && File.Exists("/proc/self/stat");

    /// <summary>Clock ticks per second (<c>sysconf(_SC_CLK_TCK)</c>), the unit of CPU times in <c>/proc</c>.</summary>
    public static long TicksPerSecond { get; } = ReadTicksPerSecond();

    /// <summary>The ids of every process now, from the numeric folders of <c>/proc</c>.</summary>
    public static List<int> ListPids()
    {
        var pids = new List<int>(512);
        foreach (var path in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(path.AsSpan());
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>Reads <c>/proc/PID/stat</c>.</summary>
    public static ProcStat? ReadStat(int pid)
    {
        var text = ReadText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return text is null ? null : ParseStat(pid, text);
    }

    /// <summary>Parses a <c>/proc/PID/stat</c> line; the command name in parentheses may hold spaces and parentheses.</summary>
    public static ProcStat? ParseStat(int pid, string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        // Field 3 (state) is index 0 after the name; field N is index N - 3.
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 22)
        {
            return null;
        }

        var user = Long(fields[11]);
        var system = Long(fields[12]);
        return new ProcStat(
            pid,
            (int)Long(fields[1]),
            fields[0].Length > 0 ? fields[0][0] : '?',
            user + system,
            user,
            system,
            (int)Long(fields[17]),
            Long(fields[19]),
            Long(fields[21]) * Environment.SystemPageSize);
    }

    /// <summary>A <c>kB</c> field of <c>/proc/PID/status</c> (such as <c>VmHWM</c>), in bytes.</summary>
    public static long? ReadStatusBytes(int pid, string field) =>
        ReadStatusBytes(pid == Environment.ProcessId ? "/proc/self/status" : $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status", field);

    /// <summary>The <c>read_bytes</c> and <c>write_bytes</c> of <c>/proc/PID/io</c>: bytes the process caused to be read from or written to storage.</summary>
    public static (long Read, long Write)? ReadIo(int pid)
    {
        var text = ReadText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/io");
        if (text is null)
        {
            return null;
        }

        long? read = null;
        long? write = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("read_bytes:", StringComparison.Ordinal))
            {
                read = Long(line["read_bytes:".Length..].Trim());
            }
            else if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                write = Long(line["write_bytes:".Length..].Trim());
            }
        }

        return read is { } r && write is { } w ? (r, w) : null;
    }

    /// <summary>The machine's memory from <c>/proc/meminfo</c>: total, and used as total minus available, in bytes.</summary>
    public static (long Total, long Used)? ReadSystemMemory()
    {
        var text = ReadText("/proc/meminfo");
        if (text is null)
        {
            return null;
        }

        var total = KbField(text, "MemTotal:");
        var available = KbField(text, "MemAvailable:");
        return total is { } t && available is { } a ? (t, t - a) : null;
    }

    /// <summary>The machine's busy and total CPU ticks over all cores since boot, from the first line of <c>/proc/stat</c>.</summary>
    public static (long Busy, long Total)? ReadSystemCpu()
    {
        var text = ReadText("/proc/stat");
        if (text is null || !text.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }

        var line = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal (guest times are already inside user and nice).
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            var value = Long(fields[i]);
            total += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }

        return (total - idle, total);
    }

    /// <summary>True when the environment of process <paramref name="pid"/> holds the exact entry <paramref name="entry"/> (NAME=value).</summary>
    public static bool EnvironmentContains(int pid, byte[] entry)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
            var span = bytes.AsSpan();
            while (span.Length > 0)
            {
                var end = span.IndexOf((byte)0);
                var item = end < 0 ? span : span[..end];
                if (item.SequenceEqual(entry))
                {
                    return true;
                }

                span = end < 0 ? [] : span[(end + 1)..];
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The bytes of an environment entry NAME=value, as <c>/proc/PID/environ</c> holds it.</summary>
    public static byte[] EnvironmentEntry(string name, string value) => Encoding.UTF8.GetBytes($"{name}={value}");

    private static long? ReadStatusBytes(string path, string field)
    {
        var text = ReadText(path);
        return text is null ? null : KbField(text, field + ":");
    }

    private static long? KbField(string text, string label)
    {
        var start = text.IndexOf(label, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += label.Length;
        var end = text.IndexOf('\n', start);
        var value = (end < 0 ? text[start..] : text[start..end]).Trim();
        if (value.EndsWith(" kB", StringComparison.Ordinal))
        {
            value = value[..^3].Trim();
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Long(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static long ReadTicksPerSecond()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 100;
        }

        // _SC_CLK_TCK is 2 on Linux; 100 on every mainstream configuration.
        var ticks = SysConf(2);
        return ticks > 0 ? ticks : 100;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
