using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Repro.Profiling;

/// <summary>
/// CPU time and peak memory from <c>getrusage</c>: of this process (all its threads together), or of its
/// children that have exited and been waited for.
/// </summary>
internal static partial class ProcessClock
{
    private const int RusageSelf = 0;
    private const int RusageChildren = -1;
    private const int RusageThread = 1;

    /// <summary>This process's user and system CPU time so far, in seconds.</summary>
    public static (double User, double System) Self()
    {
        if (OperatingSystem.IsLinux() && GetRusage(RusageSelf, out var usage) == 0)
        {
            return (usage.UserSeconds, usage.SystemSeconds);
        }

        using var process = Process.GetCurrentProcess();
        return (process.UserProcessorTime.TotalSeconds, process.PrivilegedProcessorTime.TotalSeconds);
    }

    /// <summary>The calling thread's user plus system CPU time so far, in seconds; 0 where it cannot be read.</summary>
    public static double CurrentThread() =>
        OperatingSystem.IsLinux() && GetRusage(RusageThread, out var usage) == 0 ? usage.UserSeconds + usage.SystemSeconds : 0;

    /// <summary>
    /// The user and system CPU seconds of this process's waited-for children (and theirs), and the
    /// largest peak resident memory any one of them reached, in bytes; null where it cannot be read.
    /// </summary>
    public static (double User, double System, long MaxRssBytes)? Children() =>
        OperatingSystem.IsLinux() && GetRusage(RusageChildren, out var usage) == 0
            ? (usage.UserSeconds, usage.SystemSeconds, usage.MaxRssKb * 1024)
            : null;

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>Linux's <c>struct rusage</c> on 64-bit: two timevals, then fourteen longs (maxrss in kB first).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSec;
        public long UserMicro;
        public long SystemSec;
        public long SystemMicro;
        public long MaxRssKb;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NVcsw;
        public long NIvcsw;

        public readonly double UserSeconds => UserSec + (UserMicro / 1e6);

        public readonly double SystemSeconds => SystemSec + (SystemMicro / 1e6);
    }
}
