using System.Buffers;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Evaluation;

/// <summary>
/// Predictions stored with a run, so that <c>repro compare</c> can pair two runs' predictions row by row.
/// They are kept as a run text named <c>predictions/NAME</c> holding a CSV file in the format of
/// <see cref="PredictionsCsv"/> (and of <c>repro eval</c>), so every store back end keeps them with the run
/// and <c>repro runs show RUN --text predictions/NAME</c> prints them.
/// </summary>
/// <example>
/// <code>
/// using var run = Run.Start();
/// run.LogPredictions(Predictions.Binary(labels, scores, ids));
/// </code>
/// </example>
public static class RunPredictions
{
    /// <summary>The name predictions are logged under unless another is given.</summary>
    public const string DefaultName = "predictions";

    /// <summary>The prefix of the run text that holds a set of predictions.</summary>
    public const string TextPrefix = "predictions/";

    /// <summary>The longest name accepted.</summary>
    public const int MaxNameLength = 100;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    /// <summary>
    /// Stores predictions with the run, replacing any logged earlier under the same name. Give them ids
    /// (<see cref="Predictions.Ids"/>) so that runs can be paired even when their rows are in a different
    /// order; without ids, runs pair by row order.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="predictions">The predictions.</param>
    /// <param name="name">A name for this set, such as <c>predictions</c> or <c>validation</c>: letters, digits, '_', '-', '.'.</param>
    /// <exception cref="ArgumentException">The name is invalid, or an id is empty or repeated.</exception>
    /// <exception cref="StoreException">The store could not save them.</exception>
    public static void LogPredictions(this Run run, Predictions predictions, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(run);
        Save(run.Store, run.Id, predictions, name);
    }

    /// <summary>Stores predictions with a run through its store, as <see cref="LogPredictions"/> does.</summary>
    /// <exception cref="ArgumentException">The name is invalid, or an id is empty or repeated.</exception>
    /// <exception cref="RunNotFoundException">The run does not exist.</exception>
    public static void Save(IRunStore store, RunId runId, Predictions predictions, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(predictions);
        store.PutRunText(runId, TextName(name), PredictionsCsv.ToCsv(predictions));
    }

    /// <summary>The predictions a run logged under a name.</summary>
    /// <exception cref="PredictionsNotFoundException">The run logged none under that name.</exception>
    /// <exception cref="InvalidPredictionsException">What is stored is not a valid predictions file.</exception>
    /// <exception cref="RunNotFoundException">The run does not exist.</exception>
    public static Predictions LoadPredictions(IRunStore store, RunId runId, string name = DefaultName) =>
        TryLoadPredictions(store, runId, name) ?? throw new PredictionsNotFoundException(
            $"Run {runId.Value[..8]} has no predictions named '{name}'. Log them with run.LogPredictions(predictions"
            + (name == DefaultName ? string.Empty : $", \"{name}\"") + ").");

    /// <summary>The predictions a run logged under a name, or null when there are none.</summary>
    /// <exception cref="InvalidPredictionsException">What is stored is not a valid predictions file.</exception>
    /// <exception cref="RunNotFoundException">The run does not exist.</exception>
    public static Predictions? TryLoadPredictions(IRunStore store, RunId runId, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = store.GetRunText(runId, TextName(name));
        return text is null
            ? null
            : PredictionsCsv.Read(new StringReader(text), task: null, $"run {runId.Value[..8]} predictions '{name}'");
    }

    /// <summary>The run text that holds the predictions of a name: <c>predictions/NAME</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long or has characters other than letters, digits, '_', '-', '.'.</exception>
    public static string TextName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                $"Invalid predictions name '{name}': use up to {MaxNameLength} letters, digits, '_', '-' or '.'.", nameof(name));
        }

        return TextPrefix + name;
    }

    /// <summary>Whether a predictions name is valid: 1 to <see cref="MaxNameLength"/> letters, digits, '_', '-' or '.', and not "." or "..".</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && !name.AsSpan().ContainsAnyExcept(NameCharacters) && name is not ("." or "..");
}
