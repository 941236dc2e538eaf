namespace Repro.Cli.Benchmarking;

/// <summary>The benchmarked command failed, or a baseline cannot be used: one line for the user, exit code 1.</summary>
internal sealed class BenchFailedException(string message) : ReproException(message);
