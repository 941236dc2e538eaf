using System.Globalization;
using System.Text.Json;
using Repro.Artifacts;
using Repro.Profiling;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Replay;

/// <summary>
/// Compares a replay with its original run: exit code, every param, every metric point (value bits and
/// step, in order; timestamps excluded) except the sampled <c>system/</c> series, and every output digest. Metric values may differ within the
/// original's <c>repro.tolerance.METRIC</c> tags; steps never may.
/// </summary>
internal static class RunComparison
{
    /// <summary>The tag prefix of declared tolerances.</summary>
    public const string TolerancePrefix = "repro.tolerance.";

    /// <summary>The run text holding the full outputs list when the tag could not.</summary>
    private const string FullOutputsText = "outputs";

    /// <summary>Compares <paramref name="replay"/> with <paramref name="original"/>.</summary>
    public static RunComparisonResult Compare(IRunStore store, RunId original, RunId replay)
    {
        ArgumentNullException.ThrowIfNull(store);
        var a = store.GetRunData(original);
        var b = store.GetRunData(replay);
        var tolerated = new List<ToleratedMetric>();
        var points = 0L;
        RunComparisonResult Result(ReplayDifference? difference, int metrics = 0, int outputs = 0) => new(
            difference is not null ? ReplayVerdict.Different : tolerated.Count > 0 ? ReplayVerdict.WithinTolerance : ReplayVerdict.Identical,
            difference,
            tolerated,
            a.Params.Count,
            metrics,
            points,
            outputs);

        // A run started in-process records no exit code: when it finished, it exited with 0.
        var exitA = a.Tags.GetValueOrDefault(SystemTags.ExitCode)
            ?? (store.GetRun(original).Status == RunStatus.Finished ? "0" : null);
        var exitB = b.Tags.GetValueOrDefault(SystemTags.ExitCode);
        if (exitA != exitB)
        {
            var reason = b.Tags.GetValueOrDefault(SystemTags.FailureReason);
            return Result(new ReplayDifference("exit_code", null, null, exitA, exitB,
                $"the replay exited with code {exitB ?? "(none)"}, the original with {exitA ?? "(none)"}" + (reason is null ? "" : $": {reason}")));
        }

        foreach (var key in a.Params.Keys.Union(b.Params.Keys).Order(StringComparer.Ordinal))
        {
            var valueA = a.Params.GetValueOrDefault(key);
            var valueB = b.Params.GetValueOrDefault(key);
            if (valueA != valueB)
            {
                return Result(new ReplayDifference("param", key, null, valueA, valueB,
                    $"param {key} is {Show(valueA)} in the original and {Show(valueB)} in the replay"));
            }
        }

        // system/ series measure the machine while the command ran (CPU, memory, GPUs), not its results: they
        // differ on every run, so comparing them would make every run longer than one sampling window DIFFERENT.
        var keys = store.GetMetricKeys(original).Union(store.GetMetricKeys(replay))
            .Where(k => !k.StartsWith(SystemMetrics.Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            var difference = CompareMetric(store, original, replay, key, Tolerance(a, key), tolerated, ref points);
            if (difference is not null)
            {
                return Result(difference, keys.Count);
            }
        }

        var outputsA = Outputs(store, original, a);
        var outputsB = Outputs(store, replay, b);
        foreach (var path in outputsA.Keys.Union(outputsB.Keys).Order(StringComparer.Ordinal))
        {
            var digestA = outputsA.GetValueOrDefault(path);
            var digestB = outputsB.GetValueOrDefault(path);
            if (digestA != digestB)
            {
                return Result(new ReplayDifference("output", path, null, digestA, digestB,
                    digestA is null ? $"output {path} exists only in the replay"
                    : digestB is null ? $"output {path} exists only in the original"
                    : $"output {path} differs: {digestA} in the original, {digestB} in the replay"), keys.Count, outputsA.Count);
            }
        }

        return Result(null, keys.Count, outputsA.Count);
    }

    private static ReplayDifference? CompareMetric(IRunStore store, RunId original, RunId replay, string key, double? tolerance, List<ToleratedMetric> tolerated, ref long points)
    {
        var historyA = store.GetMetricHistory(original, key);
        var historyB = store.GetMetricHistory(replay, key);
        var common = Math.Min(historyA.Count, historyB.Count);
        var maxDifference = 0.0;
        var differing = 0;
        for (var i = 0; i < common; i++)
        {
            var (pa, pb) = (historyA[i], historyB[i]);
            points++;
            if (pa.Step != pb.Step)
            {
                return new ReplayDifference("metric", key, pa.Step, Number(pa.Value), Number(pb.Value),
                    $"metric {key}, point {i + 1}: step {pa.Step} in the original, {pb.Step} in the replay");
            }

            if (BitConverter.DoubleToInt64Bits(pa.Value) == BitConverter.DoubleToInt64Bits(pb.Value))
            {
                continue;
            }

            var distance = Math.Abs(pa.Value - pb.Value);
            if (tolerance is { } allowed && distance <= allowed)
            {
                maxDifference = Math.Max(maxDifference, distance);
                differing++;
                continue;
            }

            return new ReplayDifference("metric", key, pa.Step, Number(pa.Value), Number(pb.Value),
                $"metric {key} at step {pa.Step}: {Number(pa.Value)} in the original, {Number(pb.Value)} in the replay"
                + (tolerance is { } t ? $" (|difference| {Number(distance)} > tolerance {Number(t)})" : string.Empty));
        }

        if (historyA.Count != historyB.Count)
        {
            var longer = historyA.Count > historyB.Count ? historyA : historyB;
            var extra = longer[common];
            return new ReplayDifference("metric", key, extra.Step,
                historyA.Count > common ? Number(extra.Value) : null,
                historyB.Count > common ? Number(extra.Value) : null,
                $"metric {key} has {historyA.Count} points in the original and {historyB.Count} in the replay; the first unmatched is at step {extra.Step}");
        }

        if (differing > 0)
        {
            tolerated.Add(new ToleratedMetric(key, maxDifference, tolerance!.Value, differing));
        }

        return null;
    }

    private static double? Tolerance(RunData original, string metric) =>
        original.Tags.TryGetValue(TolerancePrefix + metric, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var tolerance)
            ? tolerance
            : null;

    /// <summary>
    /// Output path to digest: through the artifact store when the run's outputs were stored as an artifact
    /// (the manifests name every file's digest), else from the full list text when the tag was cut short, else the tag.
    /// </summary>
    private static Dictionary<string, string> Outputs(IRunStore store, RunId id, RunData data)
    {
        if (data.Tags.GetValueOrDefault(SystemTags.OutputsArtifact) is { } artifact && FromArtifact(store, artifact) is { } stored)
        {
            return stored;
        }

        var json = store.GetRunText(id, FullOutputsText) ?? data.Tags.GetValueOrDefault(SystemTags.Outputs);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return outputs;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var file in document.RootElement.EnumerateArray())
            {
                outputs[file.GetProperty("path").GetString()!] = file.GetProperty("digest").GetString()!;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidRunDataException($"The outputs recorded on run {id.Value[..8]} are not a valid list: {ex.Message}");
        }

        return outputs;
    }

    private static Dictionary<string, string>? FromArtifact(IRunStore store, string digest)
    {
        try
        {
            var objects = ArtifactRepository.Open(store).Objects;
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(objects, digest, string.Empty, files);
            return files;
        }
        catch (ReproException)
        {
            // Objects removed or the store keeps none: the digests in the tags still tell.
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Flatten(ObjectStore objects, string manifestDigest, string prefix, Dictionary<string, string> files)
    {
        var manifest = objects.TryReadManifest(manifestDigest) ?? throw new ArtifactException($"{manifestDigest} is not a folder manifest.");
        foreach (var entry in manifest.Entries)
        {
            var path = prefix + entry.Name;
            switch (entry.Kind)
            {
                case ManifestEntryKind.File:
                    files[path] = entry.Digest!;
                    break;
                case ManifestEntryKind.Directory:
                    Flatten(objects, entry.Digest!, path + "/", files);
                    break;
                default:
                    break;
            }
        }
    }

    private static string Show(string? value) => value is null ? "absent" : $"'{TrackingLimits.Shorten(value)}'";

    /// <summary>A value as it round-trips ("R"): two values that print the same are the same bits.</summary>
    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
