namespace Repro.Tracking;

/// <summary>
/// The environment variables through which <c>repro run</c> hands a run to the command it wraps, in
/// any language. A child reads them to attach to the run, learn its seed and params, and report.
/// </summary>
public static class RunEnvironment
{
    /// <summary>The store URI.</summary>
    public const string Store = "REPRO_STORE";

    /// <summary>The id of the run to attach to.</summary>
    public const string RunId = "REPRO_RUN_ID";

    /// <summary>The run's root seed, as an unsigned 64-bit decimal number.</summary>
    public const string Seed = "REPRO_SEED";

    /// <summary>The run's params as a JSON object of strings.</summary>
    public const string Params = "REPRO_PARAMS";

    /// <summary>A file the child may append JSON lines to, such as <c>{"key": "loss", "value": 0.31, "step": 3}</c>.</summary>
    public const string Metrics = "REPRO_METRICS";

    /// <summary>A folder whose files become the run's outputs when it ends.</summary>
    public const string Outputs = "REPRO_OUTPUTS";
}
