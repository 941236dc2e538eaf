using System.Text;
using System.Text.Json;
using Blake3;
using Repro.Artifacts;
using Repro.Evaluation;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Finds the predictions a run logged, in either of the two ways a run can log them: through the library
/// (<c>run.LogPredictions</c>, the run text <c>predictions/NAME</c>), or as a file <c>NAME.csv</c> that a command
/// under <c>repro run</c> left in <c>$REPRO_OUTPUTS</c> (listed in the run's <see cref="SystemTags.Outputs"/>
/// tag; its digest is checked while it is read).
/// </summary>
internal static class LoggedPredictions
{
    /// <summary>The predictions of <paramref name="name"/> logged by a run.</summary>
    /// <exception cref="PredictionsNotFoundException">The run logged none under that name; the message says how to log them.</exception>
    /// <exception cref="InvalidPredictionsException">They are invalid, or the output file changed since the run recorded it.</exception>
    public static Predictions Load(IRunStore store, RunId runId, string name, string currentDirectory)
    {
        var fileName = name + ".csv";
        return RunPredictions.TryLoadPredictions(store, runId, name)
            ?? TryLoadOutputFile(store, runId, fileName, currentDirectory)
            ?? throw new PredictionsNotFoundException(
                $"Run {runId.Value[..8]} has no predictions named '{name}'. Log them from .NET with run.LogPredictions(predictions"
                + (name == RunPredictions.DefaultName ? string.Empty : $", \"{name}\"")
                + $"), or have the command under 'repro run' write {fileName} (a header such as id,y_true,y_score) into the folder $REPRO_OUTPUTS.");
    }

    private static Predictions? TryLoadOutputFile(IRunStore store, RunId runId, string fileName, string currentDirectory)
    {
        var listed = OutputList(store, runId).FirstOrDefault(f => f.Path == fileName);
        if (listed is null)
        {
            return null;
        }

        var path = Path.Combine(RunFolders.RootFor(store, runId, currentDirectory), RunFolders.OutputsFolderName, fileName);
        var source = $"run {runId.Value[..8]} output {fileName}";
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidPredictionsException($"Run {runId.Value[..8]} recorded the output {fileName}, but {path} cannot be read: {ex.Message}");
        }

        using var hashing = new Blake3Stream(file, dispose: true);
        Predictions predictions;
        using (var reader = new StreamReader(hashing, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true))
        {
            predictions = PredictionsCsv.Read(reader, task: null, source);
        }

        var digest = ContentDigest.Prefix + Convert.ToHexStringLower(hashing.ComputeHash().AsSpan());
        if (digest != listed.Digest)
        {
            throw new InvalidPredictionsException(
                $"{path} has changed since run {runId.Value[..8]} recorded it (digest {digest}, recorded {listed.Digest}); its predictions cannot be trusted.");
        }

        return predictions;
    }

    /// <summary>The run's output files: the tag, or the full list saved as a run text when the tag could not hold it.</summary>
    private static IReadOnlyList<OutputFile> OutputList(IRunStore store, RunId runId)
    {
        var tags = store.GetRunData(runId).Tags;
        if (!tags.TryGetValue(SystemTags.Outputs, out var json))
        {
            return [];
        }

        var files = Parse(json);
        if (files.Count > 0 && store.GetRunText(runId, RunOutputs.FullListText) is { } full)
        {
            files = Parse(full);
        }

        return files;
    }

    private static IReadOnlyList<OutputFile> Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<OutputFile[]>(json, CliJson.Compact) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
