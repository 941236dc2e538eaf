using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Where a wrapped command writes its metrics file and leaves its outputs. For the embedded store they
/// live beside the database, in <c>.repro/runs/RUN_ID/</c>, and are kept after the run.
/// </summary>
/// <param name="Root">The run's folder.</param>
/// <param name="MetricsFile">The JSON-lines file passed as <c>REPRO_METRICS</c>.</param>
/// <param name="OutputsFolder">The folder passed as <c>REPRO_OUTPUTS</c>.</param>
internal sealed record RunFolders(string Root, string MetricsFile, string OutputsFolder)
{
    public const string MetricsFileName = "metrics.jsonl";
    public const string OutputsFolderName = "outputs";

    /// <summary>Creates the run's folder, an empty metrics file and an empty outputs folder.</summary>
    public static RunFolders Create(IRunStore store, RunId runId, string currentDirectory)
    {
        var root = RootFor(store, runId, currentDirectory);
        var folders = new RunFolders(root, Path.Combine(root, MetricsFileName), Path.Combine(root, OutputsFolderName));
        Directory.CreateDirectory(folders.OutputsFolder);
        using (new FileStream(folders.MetricsFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        return folders;
    }

    /// <summary>Where a run's folder is (whether or not it exists): beside the embedded store's database, else under the temporary folder.</summary>
    public static string RootFor(IRunStore store, RunId runId, string currentDirectory)
    {
        var location = StoreLocation.Parse(store.Uri, currentDirectory);
        var storeFolder = location.Scheme == "sqlite"
            ? Path.GetDirectoryName(location.Path)!
            : Path.Combine(Path.GetTempPath(), "repro");
        return Path.Combine(storeFolder, "runs", runId.Value);
    }
}
