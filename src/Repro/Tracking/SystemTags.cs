namespace Repro.Tracking;

/// <summary>Tags Repro itself sets on runs. Keys under <c>repro.</c> are reserved for them.</summary>
public static class SystemTags
{
    /// <summary>Why a run ended FAILED or KILLED, in words.</summary>
    public const string FailureReason = "repro.failure_reason";

    /// <summary>The exit code of the command a run wrapped.</summary>
    public const string ExitCode = "repro.exit_code";

    /// <summary>The command line a wrapping run executed, as a JSON array of arguments.</summary>
    public const string Command = "repro.command";

    /// <summary>The files a wrapped command left in its outputs folder: a JSON array of name, size and digest.</summary>
    public const string Outputs = "repro.outputs";

    /// <summary>The digest of the artifact holding a run's REPRO_OUTPUTS folder (named <c>other/outputs-RUNID8</c>).</summary>
    public const string OutputsArtifact = "repro.outputs_artifact";

    /// <summary>How many metric points were dropped because the writer fell too far behind (absent when none).</summary>
    public const string DroppedPoints = "repro.dropped_points";

    /// <summary>How many metric lines from a wrapped command could not be parsed (absent when none).</summary>
    public const string RejectedMetricLines = "repro.rejected_metric_lines";

    /// <summary>On a replay: the id of the run it replays.</summary>
    public const string ReplayOf = "repro.replay_of";

    /// <summary>Why a run cannot be replayed (its command line is unknown), when that is known at its start.</summary>
    public const string NotReplayable = "repro.not_replayable";
}
