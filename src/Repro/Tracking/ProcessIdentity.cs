using System.Globalization;

namespace Repro.Tracking;

/// <summary>Identifies processes across pid reuse and tells whether one is still alive (Linux /proc; elsewhere pid only).</summary>
internal static class ProcessIdentity
{
    public static RunOwner Current() =>
        new(System.Environment.MachineName, System.Environment.ProcessId, StartTicks(System.Environment.ProcessId) ?? 0);

    /// <summary>True when a process with this pid and start time runs on this host and is not a zombie.</summary>
    public static bool IsAlive(int processId, long startTicks)
    {
        if (OperatingSystem.IsLinux())
        {
            var stat = ReadStat(processId);
            if (stat is null)
            {
                return false;
            }

            var (state, ticks) = stat.Value;
            return state is not ('Z' or 'X') && (startTicks == 0 || ticks == startTicks);
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static long? StartTicks(int processId) => OperatingSystem.IsLinux() ? ReadStat(processId)?.StartTicks : null;

    private static (char State, long StartTicks)? ReadStat(int processId)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // After the name: field 3 is the state, field 22 the start time in clock ticks since boot.
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (fields[0][0], ticks)
            : null;
    }
}
