using Repro.Profiling;

namespace Repro.Cli.Running;

/// <summary>A validated <c>repro run</c> invocation: everything is checked before the run is created.</summary>
/// <param name="Experiment">The experiment to create the run in, or null for the default.</param>
/// <param name="Name">The run name, or null for the default.</param>
/// <param name="Seed">The root seed, or null to draw one.</param>
/// <param name="Params">The <c>-p key=value</c> params, in the order given, without duplicates.</param>
/// <param name="Tolerances">The <c>--tolerance</c> values as tags (<c>repro.tolerance.METRIC</c> = value as given).</param>
/// <param name="Command">The command as the user typed it: the program, then its arguments.</param>
/// <param name="ExecutablePath">The program resolved to a full path.</param>
/// <param name="Tags">More tags to set when the run is created (a replay's link to its original), or null.</param>
/// <param name="Budget">Limits on memory and time, or null for none.</param>
/// <param name="Device">The device chosen with --device, or null when none was asked for.</param>
/// <param name="Sampler">How the process tree is sampled, or null for the defaults.</param>
internal sealed record RunRequest(
    string? Experiment,
    string? Name,
    ulong? Seed,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Tolerances,
    IReadOnlyList<string> Command,
    string ExecutablePath,
    IReadOnlyList<KeyValuePair<string, string>>? Tags = null,
    ResourceBudget? Budget = null,
    DeviceSelection? Device = null,
    SamplerOptions? Sampler = null);
