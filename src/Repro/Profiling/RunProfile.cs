using System.Text.Json;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Profiling;

/// <summary>
/// The profile of a run, stored as the run text <see cref="TextName"/> (versioned JSON, snake_case keys):
/// the whole run and each phase measured alike, and a summary of every sampled series.
/// </summary>
/// <param name="Version">The format version, <see cref="CurrentVersion"/>.</param>
/// <param name="Source">Who measured it: "library" (a run started in-process) or "repro run" (a wrapped command's process tree).</param>
/// <param name="Run">The whole run. For a wrapped command, allocation and GC fields are 0: its heap is another process's.</param>
/// <param name="Phases">Every phase occurrence, in the order they ended (at most <see cref="ProfileRecorder.MaxKeptPhases"/>).</param>
/// <param name="DroppedPhases">Phase occurrences beyond that limit, not listed.</param>
/// <param name="Sampler">The system sampler's settings and series, or null when it was off.</param>
internal sealed record RunProfile(int Version, string Source, PhaseRecord Run, IReadOnlyList<PhaseRecord> Phases, long DroppedPhases, SamplerProfile? Sampler)
{
    /// <summary>The run text holding the profile, written when the run ends.</summary>
    public const string TextName = "profile";

    /// <summary>The run text a process attached to a <c>repro run</c> run leaves its phases in; <c>repro run</c> folds them into <see cref="TextName"/>.</summary>
    public const string AttachedTextName = "profile.phases";

    public const int CurrentVersion = 1;

    public string ToJson() => JsonSerializer.Serialize(this, ProfileJsonContext.Default.RunProfile);

    /// <summary>Parses a stored profile.</summary>
    /// <exception cref="InvalidRunDataException">It is not a profile of a version this build reads.</exception>
    public static RunProfile Parse(string json)
    {
        RunProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.RunProfile);
        }
        catch (JsonException ex)
        {
            throw new InvalidRunDataException($"The stored profile is not valid JSON: {ex.Message}");
        }

        return profile is { Version: CurrentVersion }
            ? profile
            : throw new InvalidRunDataException($"The stored profile has version {profile?.Version}; this build reads version {CurrentVersion}.");
    }

    /// <summary>The profile of a run, or null when it has none (it is still running, or was recorded before profiling existed).</summary>
    public static RunProfile? Load(IRunStore store, RunId runId) =>
        store.GetRunText(runId, TextName) is { } json ? Parse(json) : null;
}
