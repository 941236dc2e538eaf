using Repro.Tracking;

namespace Repro.Cli;

/// <summary>How run statuses look in terminal tables: the stable upper-case name, coloured by outcome.</summary>
internal static class RunStatusStyle
{
    public static string Markup(RunStatus status) => status switch
    {
        RunStatus.Running => "[blue]RUNNING[/]",
        RunStatus.Finished => "[green]FINISHED[/]",
        RunStatus.Failed => "[red]FAILED[/]",
        _ => $"[yellow]{status.ToName()}[/]",
    };

    /// <summary>The run's duration so far: end minus start, or now minus start while it runs.</summary>
    public static string Duration(RunInfo run, TimeProvider time) =>
        CliFormat.Duration((run.EndTimeMs ?? time.GetUtcNow().ToUnixTimeMilliseconds()) - run.StartTimeMs);
}
