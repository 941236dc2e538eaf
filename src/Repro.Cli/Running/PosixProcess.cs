using System.Runtime.InteropServices;

namespace Repro.Cli.Running;

/// <summary>The few libc calls signal forwarding needs and .NET does not expose (Linux and macOS).</summary>
internal static partial class PosixProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to a process. Returns false when it is gone or not ours.</summary>
    public static bool SendSignal(int processId, int signal) => Kill(processId, signal) == 0;

    /// <summary>The signal number of a <see cref="PosixSignal"/> on Linux and macOS (they agree for these).</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => SigInt,
        PosixSignal.SIGTERM => SigTerm,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Only SIGINT and SIGTERM are forwarded."),
    };

    /// <summary>
    /// True when Ctrl-C in this process's terminal reaches the command by itself: a terminal sends SIGINT
    /// to its whole foreground process group, and the command shares this process's group.
    /// </summary>
    public static bool TerminalSignalsReachChildren()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        for (var fd = 0; fd <= 2; fd++)
        {
            if (IsATty(fd) == 1)
            {
                return TcGetPgrp(fd) == GetPgrp();
            }
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetpgrp")]
    private static partial int TcGetPgrp(int fd);

    [LibraryImport("libc", EntryPoint = "getpgrp")]
    private static partial int GetPgrp();
}
