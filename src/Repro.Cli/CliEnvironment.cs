using Repro.Profiling;

namespace Repro.Cli;

/// <summary>
/// Everything a command touches outside itself: streams, environment variables, the current folder and
/// the clock. The process passes the real ones; tests pass their own and run commands in-process.
/// </summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    bool OutputIsTerminal,
    Func<string, string?> GetVariable,
    string CurrentDirectory,
    TimeProvider Time,
    NvmlOpener? OpenNvml = null)
{
    /// <summary>Opens NVML for GPU sampling and device choice: the real library unless a test gives a fake.</summary>
    public NvmlOpener Nvml => OpenNvml ?? NvmlLibrary.TryOpen;

    public static CliEnvironment FromProcess() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected,
        System.Environment.GetEnvironmentVariable,
        Directory.GetCurrentDirectory(),
        TimeProvider.System);
}
