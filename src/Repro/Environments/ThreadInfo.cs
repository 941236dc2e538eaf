namespace Repro.Environments;

/// <summary>Thread counts: reductions split over threads can round differently.</summary>
internal sealed record ThreadInfo(
    int ProcessorCount,
    int ThreadPoolMinWorkers,
    int ThreadPoolMaxWorkers,
    SortedDictionary<string, string> Variables);
