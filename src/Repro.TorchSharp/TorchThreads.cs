using Repro.Tracking;
using TorchSharp;

namespace Repro.TorchSharp;

/// <summary>
/// Pins libtorch's CPU thread counts and records them on the run: a CPU reduction split over a different number of
/// threads adds in a different order and can round differently, so the thread count is part of what a result depends on.
/// </summary>
/// <remarks>
/// The default is one intra-op thread and one inter-op thread on every machine: results then do not depend on the
/// machine's core count, and small models (the usual case on a laptop) lose little. Pass larger counts for speed;
/// a run is then bit-identical with runs that used the same counts. Call this before any other torch work: libtorch
/// accepts the inter-op count once per process, before its inter-op pool starts, and aborts the process (the C++
/// error is not caught by TorchSharp) if <c>torch.set_num_interop_threads</c> is called again; so leave that call to
/// this class.
/// </remarks>
public static class TorchThreads
{
    /// <summary>The intra-op thread count used when none is given: 1.</summary>
    public const int DefaultThreads = 1;

    /// <summary>The inter-op thread count used when none is given: 1.</summary>
    public const int DefaultInteropThreads = 1;

    /// <summary>The param the intra-op thread count is recorded under.</summary>
    public const string ThreadsParam = "torch.threads";

    /// <summary>The param the inter-op thread count is recorded under.</summary>
    public const string InteropThreadsParam = "torch.interop_threads";

    private static readonly Lock Gate = new();
    private static int? _interopThreadsSet;

    /// <summary>
    /// Sets libtorch's intra-op (<c>torch.set_num_threads</c>) and inter-op (<c>torch.set_num_interop_threads</c>)
    /// thread counts and records them as the params <see cref="ThreadsParam"/> and <see cref="InteropThreadsParam"/>.
    /// </summary>
    /// <param name="run">The run to record the counts on.</param>
    /// <param name="threads">Intra-op threads (the ones a single matrix product or reduction is split over); default 1.</param>
    /// <param name="interopThreads">Inter-op threads (for running independent ops at once); default 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    /// <exception cref="InvalidOperationException">
    /// An earlier call in this process set another inter-op count: libtorch accepts it once per process.
    /// </exception>
    /// <exception cref="InvalidRunDataException">The run already records other counts (params are write-once).</exception>
    public static void Pin(Run run, int threads = DefaultThreads, int interopThreads = DefaultInteropThreads)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interopThreads, 1);
        lock (Gate)
        {
            if (_interopThreadsSet is { } set)
            {
                if (set != interopThreads)
                {
                    throw new InvalidOperationException(
                        $"libtorch runs with {set} inter-op thread(s) and cannot change to {interopThreads}: it accepts the count once per process. Pin the same counts in every run of a process.");
                }
            }
            else
            {
                // libtorch accepts the count only while its pool is unset, and aborts the process (an uncaught C++
                // exception through TorchSharp) when asked twice: so it is asked at most once, from here.
                if (torch.get_num_interop_threads() != interopThreads)
                {
                    torch.set_num_interop_threads(interopThreads);
                }

                _interopThreadsSet = interopThreads;
            }
        }

        torch.set_num_threads(threads);
        run.LogParam(ThreadsParam, threads);
        run.LogParam(InteropThreadsParam, interopThreads);
    }
}
