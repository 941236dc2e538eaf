namespace Repro.Cli.Benchmarking;

/// <summary>The names under which <c>repro bench</c> stores a benchmark run; a later bench reads them back as its baseline.</summary>
internal static class BenchKeys
{
    /// <summary>The experiment bench runs go to unless --experiment says otherwise.</summary>
    public const string DefaultExperiment = "bench";

    /// <summary>Wall-clock seconds of each measured run, one point per run, step = run index from 0.</summary>
    public const string WallSeconds = "bench/wall_seconds";

    /// <summary>CPU seconds (user + system) of each measured run's process tree, as <see cref="WallSeconds"/>.</summary>
    public const string CpuSeconds = "bench/cpu_seconds";

    /// <summary>Tag "1" on every bench run.</summary>
    public const string Tag = "repro.bench";

    /// <summary>Tag: the id of the baseline run a bench was compared with.</summary>
    public const string BaselineTag = "repro.bench.baseline";

    /// <summary>Tag: the verdict against the baseline (FASTER, SAME or SLOWER).</summary>
    public const string VerdictTag = "repro.bench.verdict";
}
