namespace Repro.Cli.Benchmarking;

/// <summary>A checked <c>repro bench</c> request.</summary>
/// <param name="Command">The command line, program first.</param>
/// <param name="ExecutablePath">The resolved program.</param>
/// <param name="Runs">Measured runs.</param>
/// <param name="Warmup">Warm-up runs before them, not recorded.</param>
/// <param name="Experiment">The experiment of the bench run.</param>
/// <param name="Name">The run's name, or null for the default.</param>
/// <param name="Baseline">The baseline run's id, or null.</param>
internal sealed record BenchRequest(
    IReadOnlyList<string> Command,
    string ExecutablePath,
    int Runs,
    int Warmup,
    string Experiment,
    string? Name,
    Repro.Tracking.RunId? Baseline);
