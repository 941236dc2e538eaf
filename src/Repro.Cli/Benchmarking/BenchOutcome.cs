using Repro.Tracking;

namespace Repro.Cli.Benchmarking;

/// <summary>How a bench ended: its run, status, exit code (128 + N after signal N) and the measured seconds.</summary>
internal sealed record BenchOutcome(RunId RunId, RunStatus Status, int ExitCode, IReadOnlyList<double> WallSeconds, IReadOnlyList<double> CpuSeconds);
