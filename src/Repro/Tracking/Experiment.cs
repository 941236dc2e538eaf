namespace Repro.Tracking;

/// <summary>A named group of runs.</summary>
/// <param name="Id">The store's id for the experiment.</param>
/// <param name="Name">The unique name users refer to it by.</param>
/// <param name="CreatedMs">Creation time, milliseconds since the Unix epoch (UTC).</param>
public sealed record Experiment(long Id, string Name, long CreatedMs)
{
    /// <summary>The experiment runs go into when none is named.</summary>
    public const string DefaultName = "Default";
}
