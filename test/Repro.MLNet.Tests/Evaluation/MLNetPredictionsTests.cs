using Microsoft.ML;
using Microsoft.ML.Data;
using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;
using Repro.MLNet.Evaluation;
using Repro.MLNet.Tests.Support;

namespace Repro.MLNet.Tests.Evaluation;

public sealed class MLNetPredictionsTests : IDisposable
{
    private readonly TrackedRuns _runs = new();
    private readonly Tracking.Run _run;
    private readonly TrackedMLContext _ml;

    public MLNetPredictionsTests()
    {
        _run = _runs.Start(seed: 42);
        _ml = TrackedMLContext.Create(_run);
    }

    public void Dispose()
    {
        _run.Dispose();
        _runs.Dispose();
    }

    [Fact]
    public void Binary_predictions_hold_the_labels_probabilities_and_ids_in_row_order()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_logistic_regression").Train(_ml);
        var scored = model.Transform(data);

        var predictions = MLNetPredictions.Binary(scored, idColumnName: "Id");

        Assert.Equal(PredictionTask.Binary, predictions.Task);
        Assert.Equal(scored.GetColumn<bool>("Label").Select(l => l ? 1 : 0), predictions.Labels.ToArray());
        Assert.Equal(scored.GetColumn<float>("Probability").Select(p => (double)p), predictions.Scores.ToArray());
        Assert.Equal(scored.GetColumn<string>("Id"), predictions.Ids!);
    }

    [Fact]
    public void Repro_metrics_and_seeded_bootstrap_intervals_apply_to_converted_predictions()
    {
        var (model, data) = PinnedTrainerCase.Named("sdca_logistic_regression").Train(_ml);
        var predictions = MLNetPredictions.Binary(model.Transform(data));
        var options = new BootstrapOptions { Resamples = 200, Seed = _run.Seed };

        var first = Bootstrap.Interval(predictions, "roc_auc", options);
        var second = Bootstrap.Interval(predictions, "roc_auc", options);

        Assert.Equal(MetricCatalog.Compute("roc_auc", predictions), first.Value);
        Assert.InRange(first.Value, first.Low, first.High);
        Assert.True(first.High - first.Low is > 0 and < 0.2, $"[{first.Low}, {first.High}]");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Multiclass_predictions_are_named_after_the_label_s_key_values()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_maximum_entropy").Train(_ml);
        var scored = model.Transform(data);

        var predictions = MLNetPredictions.Multiclass(scored, idColumnName: "Id");

        Assert.Equal(["cat", "dog", "owl"], predictions.Classes.Order(StringComparer.Ordinal));
        Assert.Equal(data.GetColumn<string>("Label"), predictions.Labels.ToArray().Select(k => predictions.Classes[k]));
        Assert.Equal(scored.GetColumn<float[]>("Score").SelectMany(s => s).Select(p => (double)p), predictions.Scores.ToArray());
        Assert.Equal(300, predictions.Ids!.Count);
    }

    [Fact]
    public void Regression_predictions_hold_the_targets_and_estimates()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_poisson_regression").Train(_ml);
        var scored = model.Transform(data);

        var predictions = MLNetPredictions.Regression(scored);

        Assert.Equal(scored.GetColumn<float>("Label").Select(v => (double)v), predictions.Targets.ToArray());
        Assert.Equal(scored.GetColumn<float>("Score").Select(v => (double)v), predictions.Estimates.ToArray());
        Assert.Null(predictions.Ids);
    }

    [Fact]
    public void Predictions_logged_on_the_run_load_back_for_repro_compare()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_logistic_regression").Train(_ml);
        var predictions = MLNetPredictions.Binary(model.Transform(data), idColumnName: "Id");

        _run.LogPredictions(predictions);

        var loaded = RunPredictions.LoadPredictions(_runs.Store, _run.Id);
        Assert.Equal(MetricCatalog.Compute("log_loss", predictions), MetricCatalog.Compute("log_loss", loaded));
    }

    [Fact]
    public void Scores_of_an_uncalibrated_model_are_refused_naming_the_missing_probability_column()
    {
        var ml = _ml.Context;
        var data = SyntheticRows.Binary(ml);
        var scored = ml.BinaryClassification.Trainers.AveragedPerceptron().Fit(data).Transform(data);

        var error = Assert.Throws<MLNetDataException>(() => MLNetPredictions.Binary(scored));

        Assert.Contains("no probability column 'Probability'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Score' (Single)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_label_that_is_not_boolean_is_refused_with_the_type_expected()
    {
        var scored = ScoredRows.Regression(_ml.Context, (1f, 0.9f));

        var error = Assert.Throws<MLNetDataException>(() => MLNetPredictions.Binary(scored, probabilityColumnName: "Score"));

        Assert.Contains("'Label' is Single; it must be Boolean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multiclass_label_that_is_not_a_key_is_refused_with_what_to_do()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_maximum_entropy").Train(_ml);
        var scored = _ml.Context.Transforms.CopyColumns("Species", "Id").Fit(data).Transform(model.Transform(data));

        var error = Assert.Throws<MLNetDataException>(() => MLNetPredictions.Multiclass(scored, labelColumnName: "Species"));

        Assert.Contains("MapValueToKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_that_is_not_finite_is_refused_naming_the_row()
    {
        var scored = ScoredRows.Regression(_ml.Context, (1f, 0.5f), (2f, float.NaN));

        var error = Assert.Throws<MLNetDataException>(() => MLNetPredictions.Regression(scored));

        Assert.Contains("Row 1: column 'Score' holds NaN", error.Message, StringComparison.Ordinal);
    }
}
