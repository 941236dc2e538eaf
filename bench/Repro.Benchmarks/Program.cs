using BenchmarkDotNet.Running;
using Repro.Benchmarks;

// Custom comparison modes first; anything else goes to BenchmarkDotNet (e.g. --filter '*', --list flat).
return args.FirstOrDefault() switch
{
    "ingest" => IngestComparison.Run(args[1..]),
    "alloc" => CallerAllocationCheck.Run(args[1..]),
    "manifest" => ReplayTiming.Manifest(args[1..]),
    "replay" => ReplayTiming.Replay(args[1..]),
    "metrics" => MetricsComparison.Run(args[1..]),
    "remotes" => RemoteTransferTiming.Run(args[1..]),
    "profiling-overhead" => ProfilingOverhead.Run(args[1..]),
    "profiling-accuracy" => ProfilingAccuracy.Run(args[1..]),
    "hash" => HashComparison.Run(args[1..]),
    "tree" => ArtifactTreeComparison.Run(args[1..]),
    "mlp-vs-pytorch" => MlpComparison.Run(args[1..]),
    "mlp-overhead" => MlpTrackingOverhead.Run(args[1..]),
    _ => Summaries(BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args)),
};

static int Summaries(IEnumerable<BenchmarkDotNet.Reports.Summary> summaries) =>
    summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
