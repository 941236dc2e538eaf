using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

public sealed class MetricCatalogTests
{
    [Fact]
    public void Names_for_each_task_follow_the_design_order()
    {
        Assert.Equal(
            ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "f1_macro", "f1_micro", "f1_weighted", "precision_macro", "recall_macro", "roc_auc", "average_precision", "log_loss", "brier_score", "matthews_corrcoef"],
            MetricCatalog.NamesFor(PredictionTask.Binary));
        Assert.Equal(
            ["accuracy", "balanced_accuracy", "f1_macro", "f1_micro", "f1_weighted", "precision_macro", "recall_macro", "roc_auc_ovr_macro", "roc_auc_ovo_macro", "log_loss", "matthews_corrcoef", "top_2_accuracy"],
            MetricCatalog.NamesFor(PredictionTask.Multiclass));
        Assert.Equal(["mse", "rmse", "mae", "r2", "mape"], MetricCatalog.NamesFor(PredictionTask.Regression));
    }

    [Fact]
    public void Only_losses_and_errors_are_lower_is_better()
    {
        var all = Enum.GetValues<PredictionTask>().SelectMany(MetricCatalog.NamesFor).Distinct();

        var lowerIsBetter = all.Where(name => !MetricCatalog.HigherIsBetter(name)).Order();

        Assert.Equal(["brier_score", "log_loss", "mae", "mape", "mse", "rmse"], lowerIsBetter);
    }

    [Fact]
    public void An_unknown_name_is_a_clear_error_listing_the_valid_names()
    {
        var error = Assert.Throws<UnknownMetricException>(() => MetricCatalog.Compute("auc", Binary()));

        Assert.IsAssignableFrom<ReproException>(error);
        Assert.Equal("Unknown metric 'auc'. Metrics for binary predictions: " + string.Join(", ", MetricCatalog.NamesFor(PredictionTask.Binary)) + ".", error.Message);
        Assert.Equal(PredictionTask.Binary, error.Task);
    }

    [Fact]
    public void A_metric_of_another_task_is_refused_with_the_names_that_apply()
    {
        var error = Assert.Throws<UnknownMetricException>(() => MetricCatalog.Compute("mse", Binary()));

        Assert.StartsWith("Metric 'mse' does not apply to binary predictions. Metrics for binary predictions: accuracy, ", error.Message);
        Assert.Throws<UnknownMetricException>(() => MetricCatalog.Compute("top_2_accuracy", Binary()));
        Assert.Throws<UnknownMetricException>(() => MetricCatalog.Compute("roc_auc", Multiclass()));
        Assert.Throws<UnknownMetricException>(() => MetricCatalog.Compute("F1", Binary()));
    }

    [Fact]
    public void HigherIsBetter_refuses_an_unknown_name()
    {
        var error = Assert.Throws<UnknownMetricException>(() => MetricCatalog.HigherIsBetter("loss"));

        Assert.Null(error.Task);
        Assert.Contains("Known metrics: accuracy, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roc_auc_with_a_single_class_is_undefined_not_a_number_pretending_to_be_one()
    {
        var oneClass = Predictions.Binary([1, 1, 1], [0.2, 0.7, 0.9]);

        var error = Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute("roc_auc", oneClass));
        var all = MetricCatalog.ComputeAll(oneClass);

        Assert.IsAssignableFrom<ReproException>(error);
        Assert.Equal("roc_auc", error.Metric);
        Assert.Equal("roc_auc is undefined for these predictions: only one class is present in y_true, and ROC AUC needs both.", error.Message);
        var rocAuc = all.Single(v => v.Name == "roc_auc");
        Assert.True(double.IsNaN(rocAuc.Value));
        Assert.Equal(error.Reason, rocAuc.UndefinedReason);
        Assert.All(all.Where(v => v.Name != "roc_auc"), v => Assert.True(v.IsDefined, v.Name));
    }

    [Fact]
    public void Every_metric_is_undefined_without_rows()
    {
        var empty = Predictions.Binary([], []);

        var all = MetricCatalog.ComputeAll(empty);

        Assert.All(all, v => Assert.True(double.IsNaN(v.Value) && v.UndefinedReason == "there are no rows", v.Name));
        Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute("accuracy", empty));
        Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute("mse", Predictions.Regression([], [])));
    }

    [Fact]
    public void A_score_equal_to_the_threshold_is_predicted_positive()
    {
        var predictions = Predictions.Binary([1, 1, 0, 0], [0.3, 0.6, 0.3, 0.1]);

        var atDefault = MetricCatalog.Compute("recall", predictions);
        var atLowerThreshold = MetricCatalog.Compute("recall", predictions, new MetricOptions { Threshold = 0.3 });
        var precisionAtLowerThreshold = MetricCatalog.Compute("precision", predictions, new MetricOptions { Threshold = 0.3 });

        Assert.Equal(0.5, atDefault);
        Assert.Equal(1.0, atLowerThreshold);
        Assert.Equal(2.0 / 3.0, precisionAtLowerThreshold);
    }

    [Fact]
    public void A_NaN_threshold_is_refused()
    {
        var options = new MetricOptions { Threshold = double.NaN };

        Assert.Throws<ArgumentOutOfRangeException>(() => MetricCatalog.Compute("accuracy", Binary(), options));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricCatalog.ComputeAll(Binary(), options));
    }

    [Fact]
    public void Zero_division_gives_zero_as_scikit_learn_does_by_default()
    {
        // Nothing predicted positive and nothing truly positive.
        var predictions = Predictions.Binary([0, 0, 0], [0.1, 0.2, 0.3]);

        Assert.Equal(0.0, MetricCatalog.Compute("precision", predictions));
        Assert.Equal(0.0, MetricCatalog.Compute("recall", predictions));
        Assert.Equal(0.0, MetricCatalog.Compute("f1", predictions));
        Assert.Equal(1.0, MetricCatalog.Compute("f1_macro", predictions)); // only class 0 is present: a perfect score
        Assert.Equal(0.0, MetricCatalog.Compute("matthews_corrcoef", predictions));
    }

    [Fact]
    public void Brier_score_of_a_score_outside_zero_one_is_undefined_and_names_the_row()
    {
        var predictions = Predictions.Binary([0, 1, 1], [0.1, 0.9, 1.5]);

        var error = Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute("brier_score", predictions));

        Assert.Contains("row 2 has score 1.5, outside [0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiclass_roc_auc_needs_rows_that_are_probabilities()
    {
        var predictions = Predictions.Multiclass([0, 1, 2], [0.5, 0.3, 0.2, 0.2, 0.6, 0.2, 0.1, 0.1, 0.5], ["a", "b", "c"]);

        var error = Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute("roc_auc_ovr_macro", predictions));

        Assert.Equal("roc_auc_ovr_macro is undefined for these predictions: row 2's scores sum to 0.7, not 1; multiclass ROC AUC needs class probabilities.", error.Message);
        Assert.Throws<MetricUndefinedException>(() => MetricCatalog.Compute("roc_auc_ovo_macro", predictions));
        Assert.True(double.IsFinite(MetricCatalog.Compute("log_loss", predictions))); // log loss renormalizes rows
    }

    [Fact]
    public void Top_2_accuracy_ranks_the_higher_class_index_first_among_equal_scores()
    {
        // Scores [0.5, 0.25, 0.25]: the top two are class 0 and class 2 (scikit-learn's tie rule).
        var predictions = Predictions.Multiclass([0, 1, 2], [0.5, 0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.25, 0.25], ["a", "b", "c"]);

        var value = MetricCatalog.Compute("top_2_accuracy", predictions);

        Assert.Equal(2.0 / 3.0, value);
    }

    [Fact]
    public void Log_loss_clips_certain_mistakes_to_a_finite_loss()
    {
        var predictions = Predictions.Binary([1, 0], [0.0, 1.0]);

        var value = MetricCatalog.Compute("log_loss", predictions);

        // scikit-learn 1.2.1: log_loss([1, 0], [0.0, 1.0], eps=1e-15, labels=[0, 1]).
        Assert.Equal(34.53917619362578, value, 1e-12);
    }

    private static Predictions Binary() => Predictions.Binary([0, 1, 1, 0], [0.2, 0.8, 0.4, 0.6]);

    private static Predictions Multiclass() => Predictions.Multiclass([0, 1, 2], [0.6, 0.2, 0.2, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4], ["a", "b", "c"]);
}
