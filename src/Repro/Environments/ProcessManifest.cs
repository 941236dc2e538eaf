using System.Text.Encodings.Web;
using System.Text.Json;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Environments;

/// <summary>
/// Records the manifest and command line of a run that a program started itself (the library used
/// without <c>repro run</c>), so that <c>repro replay</c> can run the program again the same way.
/// </summary>
internal static class ProcessManifest
{
    private static readonly JsonSerializerOptions CommandJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Captures and stores; a failure is reported on stderr and never fails the run.</summary>
    public static void Record(IRunStore store, RunInfo run, TimeProvider time)
    {
        try
        {
            var workingDirectory = Directory.GetCurrentDirectory();
            var command = CommandLine(out var whyNot);
            var captured = ManifestCapture.Capture(
                new ManifestRequest(workingDirectory, command, "process", run.Seed, EnvironmentAllowList.ProcessVariables(), StoreFolder(store, workingDirectory), PackagesFromLockFiles: false),
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
