namespace Repro.Replay;

/// <summary>How a replay's results compare with the original run's.</summary>
internal enum ReplayVerdict
{
    /// <summary>Every param, metric point (value bits and step) and output digest is the same.</summary>
    Identical,

    /// <summary>Some metric values differ, each by no more than the tolerance declared at <c>repro run --tolerance</c>; all else is identical.</summary>
    WithinTolerance,

    /// <summary>Something differs: see the <see cref="ReplayDifference"/>.</summary>
    Different,
}
