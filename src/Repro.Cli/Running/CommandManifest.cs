using System.ComponentModel;
using Repro.Environments;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Records the environment manifest of a command the CLI runs (<c>repro run</c>, <c>repro bench</c>),
/// from exactly the environment variables the command gets. A failed capture is said and the run goes on.
/// </summary>
internal static class CommandManifest
{
    public static void Record(
        CliEnvironment environment,
        IRunStore store,
        Run run,
        IReadOnlyList<string> command,
        string source,
        IEnumerable<KeyValuePair<string, string?>> variables,
        Action<string> say)
    {
        try
        {
            var location = StoreLocation.Parse(store.Uri, environment.CurrentDirectory);
            var storeFolder = location.Scheme == "sqlite" ? Path.GetDirectoryName(location.Path) : null;
            var defined = variables.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Key, v.Value!)).ToList();
            var captured = ManifestCapture.Capture(
                new ManifestRequest(environment.CurrentDirectory, command, source, run.Seed, defined, storeFolder, PackagesFromLockFiles: true),
                environment.Time);
            ManifestCapture.Save(store, run.Id, captured);
            if (captured.Manifest.Git?.DiffNote is { } note)
            {
                say($"git diff: {note}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Win32Exception)
        {
            say($"could not record the environment manifest ({ex.Message}); the run goes on without it and cannot be replayed.");
        }
    }
}
