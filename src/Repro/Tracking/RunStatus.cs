namespace Repro.Tracking;

/// <summary>Where a run is in its life. Names and meanings match MLflow's.</summary>
public enum RunStatus
{
    /// <summary>Started and not yet ended.</summary>
    Running,

    /// <summary>Ended normally: the program returned or the wrapped command exited with code 0.</summary>
    Finished,

    /// <summary>Ended by an unhandled exception, a non-zero exit code, or a process that died without ending it.</summary>
    Failed,

    /// <summary>Stopped from outside: SIGINT (Ctrl-C), SIGTERM, or a budget.</summary>
    Killed,
}

/// <summary>Conversions between <see cref="RunStatus"/> and its stable upper-case names.</summary>
public static class RunStatusNames
{
    /// <summary>The stable name used in the store, JSON and filters: RUNNING, FINISHED, FAILED or KILLED.</summary>
    public static string ToName(this RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    /// <summary>Parses a status name, case-insensitively.</summary>
    public static bool TryParse(string? name, out RunStatus status)
    {
        switch (name?.ToUpperInvariant())
        {
            case "RUNNING": status = RunStatus.Running; return true;
            case "FINISHED": status = RunStatus.Finished; return true;
            case "FAILED": status = RunStatus.Failed; return true;
            case "KILLED": status = RunStatus.Killed; return true;
            default: status = default; return false;
        }
    }

    /// <summary>True for every status except <see cref="RunStatus.Running"/>.</summary>
    public static bool IsTerminal(this RunStatus status) => status != RunStatus.Running;
}
