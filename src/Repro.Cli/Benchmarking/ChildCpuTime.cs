using System.Runtime.InteropServices;

namespace Repro.Cli.Benchmarking;

/// <summary>
/// The CPU time (user + system) of this process's finished children, from <c>getrusage(RUSAGE_CHILDREN)</c>:
/// it grows by a child's time, and that of its own waited-for descendants, when the child is reaped. The
/// difference around one benchmarked command is that command's CPU time, provided nothing else this
/// process started ends meanwhile (true for <c>repro bench</c>). Linux only (the struct layout read here is Linux's).
/// </summary>
internal static partial class ChildCpuTime
{
    private const int RUsageChildren = -1;

    /// <summary>True where <see cref="Seconds"/> works.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The user + system CPU seconds of all reaped children so far, or null when unavailable.</summary>
    public static double? Seconds()
    {
        if (!IsSupported || GetRUsage(RUsageChildren, out var usage) != 0)
        {
            return null;
        }

        return usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    /// <summary>The start of struct rusage: two struct timevals (64-bit seconds and microseconds on 64-bit Linux), then 14 longs.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }
}
