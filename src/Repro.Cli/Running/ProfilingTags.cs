namespace Repro.Cli.Running;

/// <summary>Tags <c>repro run</c> sets for devices and budgets.</summary>
internal static class ProfilingTags
{
    /// <summary>The device chosen with <c>--device</c> ("cpu" or "cuda:N"), passed to the command as REPRO_DEVICE.</summary>
    public const string Device = "repro.device";

    /// <summary>Why that device was chosen.</summary>
    public const string DeviceReason = "repro.device_reason";

    /// <summary>The <c>--max-memory</c> limit, in bytes.</summary>
    public const string MaxMemory = "repro.budget.max_memory_bytes";

    /// <summary>The <c>--max-time</c> limit, in seconds.</summary>
    public const string MaxTime = "repro.budget.max_time_seconds";

    /// <summary>Prefix of the warnings given at 90% of a limit: <c>repro.budget.warning.max_memory</c>, <c>repro.budget.warning.max_time</c>.</summary>
    public const string BudgetWarning = "repro.budget.warning";

    /// <summary>The limit that stopped the run: "max-memory" or "max-time".</summary>
    public const string BudgetExceeded = "repro.budget.exceeded";

    /// <summary>The environment variable that passes the chosen device to the command.</summary>
    public const string DeviceVariable = "REPRO_DEVICE";
}
