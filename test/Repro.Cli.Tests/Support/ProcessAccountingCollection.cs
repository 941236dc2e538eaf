namespace Repro.Cli.Tests.Support;

/// <summary>
/// Tests that read process-wide accounting (getrusage of all children, the process tree's memory and CPU)
/// run alone: in parallel with other tests' child processes, the test host's counters mix their work in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessAccountingCollection
{
    public const string Name = "process accounting";
}
