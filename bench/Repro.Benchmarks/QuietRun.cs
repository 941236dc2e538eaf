using Repro.Storage;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// A run as the overhead benchmarks measure it: logging, phases and the sampler on; no signal handlers, no environment
/// capture and no printed phase table, which are one-off costs at start and end, not per-step overhead.
/// </summary>
internal static class QuietRun
{
    public static Run Start(IRunStore store) => Run.Start(new RunOptions
    {
        Store = store,
        HandleProcessEvents = false,
        CaptureEnvironment = false,
        PrintPhaseTable = false,
        EnvironmentReader = _ => null,
    });
}
