using System.Text.Encodings.Web;
using System.Text.Json;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Environments;

/// <summary>
/// Records the manifest and command line of a run that a program started itself (the library used
/// without <c>repro run</c>), so that <c>repro replay</c> can run the program again the same way; and adds
/// what only the program knows to the manifest of a run it attaches to.
/// </summary>
internal static class ProcessManifest
{
    private static readonly JsonSerializerOptions CommandJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Captures and stores; a failure is reported on stderr and never fails the run.</summary>
    /// <param name="store">The run's store.</param>
    /// <param name="run">The run.</param>
    /// <param name="time">The clock.</param>
    /// <param name="programFolder">The running program's folder, searched for native-library patch records.</param>
    public static void Record(IRunStore store, RunInfo run, TimeProvider time, string programFolder)
    {
        try
        {
            var workingDirectory = Directory.GetCurrentDirectory();
            var command = CommandLine(out var whyNot);
            var captured = ManifestCapture.Capture(
                new ManifestRequest(workingDirectory, command, "process", run.Seed, EnvironmentAllowList.ProcessVariables(), StoreFolder(store, workingDirectory), PackagesFromLockFiles: false, programFolder),
                time);
            ManifestCapture.Save(store, run.Id, captured);
            var tag = captured.Manifest.Command is { } recorded
                ? KeyValuePair.Create(SystemTags.Command, JsonSerializer.Serialize(recorded.Args, CommandJson))
                : KeyValuePair.Create(SystemTags.NotReplayable, whyNot ?? "the command line is unknown");
            if (tag.Value.Length > TrackingLimits.MaxTagValueLength)
            {
                tag = KeyValuePair.Create(SystemTags.NotReplayable, $"the command line is {tag.Value.Length} characters as JSON, over the {TrackingLimits.MaxTagValueLength} a tag holds");
            }

            store.WriteBatch(run.Id, RunBatch.OfTags(tag));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception or ReproException)
        {
            Console.Error.WriteLine($"repro: could not record the environment of run {run.Id} ({ex.Message}); it is tracked but cannot be replayed.");
        }
    }

    /// <summary>
    /// Adds this program's native-library patch records to the manifest of a run it attaches to: <c>repro run</c>
    /// captured the manifest before the program started, from its own folder, so it could not know them. Nothing is
    /// written when the run has no manifest or the program no patches; a failure is reported on stderr and never
    /// fails the run. Two processes attaching at once both write the same records, so the last write loses nothing.
    /// </summary>
    public static void AmendNativePatches(IRunStore store, RunId runId, string programFolder)
    {
        try
        {
            var patches = NativePatches.Find(programFolder);
            if (patches.Count == 0 || store.GetRunText(runId, EnvironmentManifest.TextName) is not { } json)
            {
                return;
            }

            var manifest = ManifestCapture.Parse(json);
            var merged = new SortedDictionary<string, SortedDictionary<string, string>>(manifest.NativeLibraries.Patches, StringComparer.Ordinal);
            foreach (var (library, record) in patches)
            {
                merged[library] = record;
            }

            store.PutRunText(runId, EnvironmentManifest.TextName, ManifestCapture.ToJson(manifest with
            {
                NativeLibraries = manifest.NativeLibraries with { Patches = merged },
            }));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ReproException)
        {
            Console.Error.WriteLine($"repro: could not add this program's native-library patches to the manifest of run {runId} ({ex.Message}).");
        }
    }

    /// <summary>
    /// This process's command line as a program and its arguments: under the dotnet host
    /// (<c>dotnet app.dll ARGS</c>) the host, the application and its arguments; else the program and its arguments.
    /// </summary>
    internal static IReadOnlyList<string>? CommandLine(out string? whyNot)
    {
        var path = System.Environment.ProcessPath;
        var args = System.Environment.GetCommandLineArgs();
        if (path is null || args.Length == 0)
        {
            whyNot = "the process's own path or command line is unknown on this platform";
            return null;
        }

        whyNot = null;
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return args[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [path, args[0], .. args[1..]] : [path, .. args[1..]];
        }

        return [path, .. args[1..]];
    }

    private static string? StoreFolder(IRunStore store, string workingDirectory)
    {
        try
        {
            var location = StoreLocation.Parse(store.Uri, workingDirectory);
            return location.Scheme == "sqlite" ? Path.GetDirectoryName(location.Path) : null;
        }
        catch (ReproException)
        {
            return null;
        }
    }
}
