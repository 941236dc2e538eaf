using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Environments;

/// <summary>
/// Captures and stores the manifest of a run. Machine facts are probed once per process
/// (<see cref="MachineProbes"/>); git is asked again each time, since the working tree changes.
/// </summary>
internal static class ManifestCapture
{
    private static readonly ManifestJsonContext Json = new(new JsonSerializerOptions(ManifestJsonContext.Default.Options)
    {
        // Stored, never embedded in HTML: keep "libstdc++" and non-ASCII paths readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Captures the manifest for <paramref name="request"/>.</summary>
    public static CapturedManifest Capture(ManifestRequest request, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        var started = Stopwatch.GetTimestamp();
        var git = GitProbe.Read(request.WorkingDirectory, request.ExcludedFolder, out var diff);
        var variables = EnvironmentAllowList.Filter(request.Variables);
        var rawVariables = request.Variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var root = GitProbe.FindRoot(request.WorkingDirectory) ?? request.WorkingDirectory;
        var (sdkVersion, sdkSource) = SdkVersion(request.WorkingDirectory);
        CommandInfo? command = null;
        if (request.Command is { Count: > 0 } args)
        {
            var redacted = SecretRedactor.RedactCommand(args, out var redactions);
            command = new CommandInfo(redacted, request.WorkingDirectory, request.CommandSource, redactions);
        }

        var manifest = new EnvironmentManifest
        {
            CapturedMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Isa = MachineProbes.Isa,
            Threads = MachineProbes.Threads(rawVariables),
            Runtime = MachineProbes.Runtime(sdkVersion, sdkSource, rawVariables),
            NativeLibraries = MachineProbes.NativeLibraries with
            {
                Patches = request.ProgramFolder is null ? new(StringComparer.Ordinal) : NativePatches.Find(request.ProgramFolder),
            },
            Packages = request.PackagesFromLockFiles ? PackageGraphReader.ReadLockFiles(root) : MachineProbes.EntryPackages,
            Seeds = new SeedInfo(request.Seed.ToString(CultureInfo.InvariantCulture)),
            Os = MachineProbes.Os,
            Hardware = MachineProbes.Hardware,
            Container = MachineProbes.Container,
            Git = git,
            Command = command,
            EnvironmentVariables = variables,
        };
        manifest = manifest with { CaptureMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3) };
        return new CapturedManifest(manifest, JsonSerializer.Serialize(manifest, Json.EnvironmentManifest), diff);
    }

    /// <summary>Stores a captured manifest (and its diff) with a run.</summary>
    public static void Save(IRunStore store, RunId runId, CapturedManifest captured)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(captured);
        store.PutRunText(runId, EnvironmentManifest.TextName, captured.Json);
        if (captured.Diff is not null)
        {
            store.PutRunText(runId, EnvironmentManifest.DiffTextName, captured.Diff);
        }
    }

    /// <summary>The stored manifest of a run, or null when it has none.</summary>
    /// <exception cref="InvalidRunDataException">The stored manifest is not valid JSON of a known schema version.</exception>
    public static EnvironmentManifest? Load(IRunStore store, RunId runId)
    {
        ArgumentNullException.ThrowIfNull(store);
        var json = store.GetRunText(runId, EnvironmentManifest.TextName);
        if (json is null)
        {
            return null;
        }

        var manifest = Parse(json);
        var datasets = DeclaredDatasets(store.GetRunData(runId).Tags);
        return datasets.Count == 0 ? manifest : manifest with { Datasets = datasets };
    }

    /// <summary>The datasets a run declared through its <c>repro.dataset.NAME</c> tags: name to "fingerprint (N rows)".</summary>
    private static SortedDictionary<string, string> DeclaredDatasets(IReadOnlyDictionary<string, string> tags)
    {
        var datasets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (!key.StartsWith(Data.DataTags.DatasetPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[Data.DataTags.DatasetPrefix.Length..];
            try
            {
                using var document = JsonDocument.Parse(value);
                var root = document.RootElement;
                datasets[name] = $"{root.GetProperty("fingerprint").GetString()} ({root.GetProperty("rows").GetInt64()} rows)";
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                datasets[name] = value;
            }
        }

        return datasets;
    }

    /// <summary>Parses a stored manifest.</summary>
    /// <exception cref="InvalidRunDataException">Not valid JSON, or a schema version this code does not know.</exception>
    public static EnvironmentManifest Parse(string json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(json, Json.EnvironmentManifest)
                ?? throw new InvalidRunDataException("The stored manifest is empty.");
            return manifest.SchemaVersion == EnvironmentManifest.CurrentSchemaVersion
                ? manifest
                : throw new InvalidRunDataException(
                    $"The stored manifest has schema version {manifest.SchemaVersion}; this repro reads version {EnvironmentManifest.CurrentSchemaVersion}. Use a matching repro.");
        }
        catch (JsonException ex)
        {
            throw new InvalidRunDataException($"The stored manifest is not valid: {ex.Message}");
        }
    }

    /// <summary>Serializes a manifest as stored.</summary>
    public static string ToJson(EnvironmentManifest manifest) => JsonSerializer.Serialize(manifest, Json.EnvironmentManifest);

    /// <summary>
    /// The .NET SDK that builds the project: the version pinned in the nearest global.json, else the newest
    /// one installed beside the running dotnet host.
    /// </summary>
    private static (string? Version, string Source) SdkVersion(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            var globalJson = Path.Combine(current.FullName, "global.json");
            if (!File.Exists(globalJson))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(globalJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.TryGetProperty("sdk", out var sdk) && sdk.TryGetProperty("version", out var version) && version.GetString() is { } pinned)
                {
                    return (pinned, "global.json");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                // An unreadable global.json pins nothing we can read; fall back to the installed SDKs.
            }

            break;
        }

        var dotnetRoot = System.Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (string.IsNullOrEmpty(dotnetRoot) && System.Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            dotnetRoot = Path.GetDirectoryName(host);
        }

        var sdkFolder = string.IsNullOrEmpty(dotnetRoot) ? null : Path.Combine(dotnetRoot, "sdk");
        if (sdkFolder is null || !Directory.Exists(sdkFolder))
        {
            return (null, "not found");
        }

        var newest = Directory.GetDirectories(sdkFolder)
            .Select(Path.GetFileName)
            .Select(name => (Name: name!, Parsed: Version.TryParse(name!.Split('-')[0], out var v) ? v : null))
            .Where(s => s.Parsed is not null)
            .OrderBy(s => s.Parsed)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .LastOrDefault();
        return newest.Name is null ? (null, "not found") : (newest.Name, "installed");
    }
}
