using Repro.Evaluation;
using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Evaluation;

public sealed class RunPredictionsTests : IDisposable
{
    private readonly InMemoryRunStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Saved_predictions_are_a_run_text_in_the_csv_format()
    {
        var run = AddRun();

        RunPredictions.Save(_store, run, Predictions.Binary([1, 0], [0.75, 0.5], ["a", "b"]));

        Assert.Equal(["predictions/predictions"], _store.TextNames(run));
        Assert.Equal("id,y_true,y_score\na,1,0.75\nb,0,0.5\n", _store.GetRunText(run, "predictions/predictions"));
    }

    [Fact]
    public void Loaded_predictions_equal_the_saved_ones_with_their_task()
    {
        var run = AddRun();
        var saved = Predictions.Multiclass([1, 0], [0.25, 0.75, 0.5, 0.5], ["x", "y"], ["r1", "r2"]);
        RunPredictions.Save(_store, run, saved, "validation");

        var loaded = RunPredictions.LoadPredictions(_store, run, "validation");

        Assert.Equal(PredictionTask.Multiclass, loaded.Task);
        Assert.Equal(saved.Classes, loaded.Classes);
        Assert.Equal(saved.Ids, loaded.Ids);
        Assert.Equal(saved.Labels.ToArray(), loaded.Labels.ToArray());
        Assert.Equal(saved.Scores.ToArray(), loaded.Scores.ToArray());
    }

    [Fact]
    public void Saving_again_under_a_name_replaces_the_earlier_set()
    {
        var run = AddRun();
        RunPredictions.Save(_store, run, Predictions.Regression([1.0], [2.0]));

        RunPredictions.Save(_store, run, Predictions.Regression([1.0, 2.0], [2.0, 3.0]));

        Assert.Equal(2, RunPredictions.LoadPredictions(_store, run).Count);
    }

    [Fact]
    public void A_run_without_predictions_says_how_to_log_them()
    {
        var run = AddRun();

        var error = Assert.Throws<PredictionsNotFoundException>(() => RunPredictions.LoadPredictions(_store, run));

        Assert.Equal($"Run {run.Value[..8]} has no predictions named 'predictions'. Log them with run.LogPredictions(predictions).", error.Message);
        Assert.Null(RunPredictions.TryLoadPredictions(_store, run));
    }

    [Fact]
    public void Corrupt_stored_predictions_are_reported_with_the_run_and_line()
    {
        var run = AddRun();
        _store.PutRunText(run, "predictions/predictions", "y_true,y_score\n1,0.5\n1,x\n");

        var error = Assert.Throws<InvalidPredictionsException>(() => RunPredictions.LoadPredictions(_store, run));

        Assert.Equal($"run {run.Value[..8]} predictions 'predictions' line 3: y_score 'x' is not a number.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("..")]
    public void Invalid_names_are_refused_before_anything_is_stored(string name)
    {
        var run = AddRun();

        Assert.ThrowsAny<ArgumentException>(() => RunPredictions.Save(_store, run, Predictions.Regression([1.0], [1.0]), name));
        Assert.Empty(_store.TextNames(run));
    }

    [Fact]
    public void An_unknown_run_fails_with_the_stores_error()
    {
        Assert.Throws<RunNotFoundException>(() => RunPredictions.Save(_store, RunId.New(), Predictions.Regression([1.0], [1.0])));
    }

    private RunId AddRun() => _store.CreateRun(new NewRun(RunId.New(), "eval", "run", 0, 0, null, null)).Id;
}
