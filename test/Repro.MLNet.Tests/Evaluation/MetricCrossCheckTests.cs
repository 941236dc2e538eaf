using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Repro.MLNet.Evaluation;
using Repro.MLNet.Tests.Support;

namespace Repro.MLNet.Tests.Evaluation;

public sealed class MetricCrossCheckTests : IDisposable
{
    private readonly TrackedRuns _runs = new();
    private readonly Tracking.Run _run;
    private readonly TrackedMLContext _ml;

    public MetricCrossCheckTests()
    {
        _run = _runs.Start(seed: 42);
        _ml = TrackedMLContext.Create(_run);
    }

    public void Dispose()
    {
        _run.Dispose();
        _runs.Dispose();
    }

    public static TheoryData<string> BinaryTrainers => ["sdca_logistic_regression", "sgd_calibrated", "lbfgs_logistic_regression"];

    public static TheoryData<string> MulticlassTrainers => ["sdca_maximum_entropy", "lbfgs_maximum_entropy"];

    [Theory]
    [MemberData(nameof(BinaryTrainers))]
    public void Binary_metrics_of_a_calibrated_trainer_agree_with_ml_net(string trainer)
    {
        var (model, data) = PinnedTrainerCase.Named(trainer).Train(_ml);

        var report = MetricCrossCheck.Binary(_ml.Context, model.Transform(data));

        Assert.True(report.Agrees, report.ToString());
        Assert.Equal(["roc_auc", "accuracy", "precision", "recall", "f1", "log_loss"], report.Comparisons.Select(c => c.Metric));
        Assert.All(report.Comparisons, c => Assert.Equal(MetricAgreement.Agrees, c.Agreement));
        Assert.Equal(300, report.Rows);
    }

    [Fact]
    public void Ml_net_binary_log_loss_in_bits_is_compared_in_nats()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_logistic_regression").Train(_ml);

        var logLoss = MetricCrossCheck.Binary(_ml.Context, model.Transform(data))["log_loss"];

        Assert.Equal(logLoss.MLNetValue * Math.Log(2), logLoss.ComparedValue);
        Assert.InRange(Math.Abs(logLoss.Difference), 0, 1e-12);
        Assert.Contains("bits", logLoss.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_true_class_given_probability_zero_is_explained_by_scikit_learn_clipping()
    {
        var scored = ScoredRows.Binary(_ml.Context, (true, -40f, 0f), (true, 2f, 0.880797f), (false, -1f, 0.268941f), (false, 0.5f, 0.622459f));

        var logLoss = MetricCrossCheck.Binary(_ml.Context, scored)["log_loss"];

        Assert.Equal(MetricAgreement.Explained, logLoss.Agreement);
        Assert.Equal(double.PositiveInfinity, logLoss.MLNetValue);
        Assert.True(double.IsFinite(logLoss.ReproValue));
        Assert.Contains("does not clip", logLoss.Note, StringComparison.Ordinal);
        Assert.Contains("1 rows give their true class less than 1e-15", logLoss.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Probabilities_that_single_precision_ties_are_explained_for_roc_auc()
    {
        // sigmoid(20) and sigmoid(30) are both 1 in single precision: the raw scores rank the rows, the probabilities tie them.
        var scored = ScoredRows.Binary(_ml.Context, (true, 30f, 1f), (false, 20f, 1f), (true, 1f, 0.731059f), (false, -1f, 0.268941f));

        var auc = MetricCrossCheck.Binary(_ml.Context, scored)["roc_auc"];

        Assert.Equal(MetricAgreement.Explained, auc.Agreement);
        Assert.Equal(0.75, auc.MLNetValue);
        Assert.Equal(0.625, auc.ReproValue);
        Assert.Contains("ranks the raw scores", auc.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probability_of_one_half_at_raw_score_zero_is_explained_for_the_hard_metrics()
    {
        // ML.NET predicts false at score 0 (not above 0); Repro predicts true at probability 0.5 (not below the threshold).
        var scored = ScoredRows.Binary(_ml.Context, (false, 0f, 0.5f), (true, 2f, 0.880797f), (false, -1f, 0.268941f), (true, -0.5f, 0.377541f));

        var report = MetricCrossCheck.Binary(_ml.Context, scored);

        Assert.Equal(MetricAgreement.Explained, report["accuracy"].Agreement);
        Assert.Equal(0.75, report["accuracy"].MLNetValue);
        Assert.Equal(0.5, report["accuracy"].ReproValue);
        Assert.Contains("raw score is above 0", report["accuracy"].Note, StringComparison.Ordinal);
        Assert.True(report.Agrees);
    }

    [Theory]
    [MemberData(nameof(MulticlassTrainers))]
    public void Multiclass_metrics_agree_and_log_loss_differs_only_by_ml_net_not_renormalizing(string trainer)
    {
        var (model, data) = PinnedTrainerCase.Named(trainer).Train(_ml);

        var report = MetricCrossCheck.Multiclass(_ml.Context, model.Transform(data));

        Assert.True(report.Agrees, report.ToString());
        Assert.Equal(MetricAgreement.Agrees, report["accuracy"].Agreement);
        Assert.Equal(MetricAgreement.Agrees, report["balanced_accuracy"].Agreement);
        Assert.NotEqual(MetricAgreement.Disagrees, report["log_loss"].Agreement);
        Assert.InRange(Math.Abs(report["log_loss"].Difference), 0, 1e-6);
    }

    [Fact]
    public void Regression_metrics_agree_with_ml_net()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_poisson_regression").Train(_ml);

        var report = MetricCrossCheck.Regression(_ml.Context, model.Transform(data));

        Assert.Equal(["mse", "rmse", "mae", "r2"], report.Comparisons.Select(c => c.Metric));
        Assert.All(report.Comparisons, c => Assert.Equal(MetricAgreement.Agrees, c.Agreement));
    }

    [Fact]
    public void R2_of_labels_with_a_large_mean_is_explained_by_ml_net_s_variance_formula()
    {
        var rows = Enumerable.Range(0, 10).Select(i => (Label: 1e7f + i, Score: 1e7f + i + (i % 2 == 0 ? 1f : -1f))).ToArray();

        var r2 = MetricCrossCheck.Regression(_ml.Context, ScoredRows.Regression(_ml.Context, rows))["r2"];

        Assert.Equal(MetricAgreement.Explained, r2.Agreement);
        Assert.Equal(1 - (10.0 / 82.5), r2.ReproValue, 1e-12); // SSE 10, labels' sum of squared deviations 82.5
        Assert.Contains("Σy²", r2.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Clustering_distances_agree_and_ml_net_s_mutual_information_is_explained_by_its_normalization()
    {
        var (model, data) = PinnedTrainerCase.Named("kmeans").Train(_ml);
        var kmeans = ((ClusteringPredictionTransformer<KMeansModelParameters>)model).Model;

        var report = MetricCrossCheck.Clustering(_ml.Context, model.Transform(data), kmeans, labelColumnName: "Label");

        Assert.True(report.Agrees, report.ToString());
        Assert.Equal(MetricAgreement.Agrees, report["average_distance"].Agreement);
        Assert.Equal(MetricAgreement.Agrees, report["davies_bouldin"].Agreement);
        Assert.Equal(MetricAgreement.Explained, report["normalized_mutual_info"].Agreement);
        Assert.Contains("labels' entropy", report["normalized_mutual_info"].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_without_rows_is_explained_for_the_davies_bouldin_index()
    {
        var ml = _ml.Context;
        var model = _ml.Fit(_ml.KMeans(new KMeansTrainer.Options { NumberOfClusters = 3 }), SyntheticRows.Blobs(ml));
        VBuffer<float>[] centroids = [];
        model.Model.GetClusterCentroids(ref centroids, out _);
        // Rows close to the first two centroids only: the third cluster gets none.
        var rows = new[] { (0, 0.1f), (0, -0.2f), (1, 0.1f), (1, -0.2f), (1, 0.3f) }.Select(r =>
        {
            var x = centroids[r.Item1].DenseValues().ToArray();
            x[0] += r.Item2;
            return new SyntheticRows.ClusterRow { Label = r.Item1, Features = x };
        });

        var report = MetricCrossCheck.Clustering(ml, model.Transform(ml.Data.LoadFromEnumerable(rows)), model.Model);

        Assert.Equal(MetricAgreement.Explained, report["davies_bouldin"].Agreement);
        Assert.Contains("counting the 1 without rows as 0", report["davies_bouldin"].Note, StringComparison.Ordinal);
        Assert.Equal(report["davies_bouldin"].ReproValue * 2 / 3, report["davies_bouldin"].ComparedValue, 1e-4);
        Assert.Equal(MetricAgreement.Agrees, report["average_distance"].Agreement);
        Assert.DoesNotContain(report.Comparisons, c => c.Metric == "normalized_mutual_info");
    }

    [Fact]
    public void A_difference_nothing_explains_is_reported_as_a_disagreement_not_thrown()
    {
        var comparison = MetricCrossCheck.Compare("accuracy", "Accuracy", 0.8, (0.75, null), 1e-9, explained: () => 0.7, explanation: "some rule");

        var report = new MetricCrossCheckReport("binary", 4, [comparison]);

        Assert.Equal(MetricAgreement.Disagrees, comparison.Agreement);
        Assert.Contains("differs by -0.05", comparison.Note, StringComparison.Ordinal);
        Assert.False(report.Agrees);
        Assert.Equal([comparison], report.Disagreements);
        Assert.Contains("DISAGREE", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scored_data_without_rows_is_refused_with_a_clear_error()
    {
        var empty = ScoredRows.Binary(_ml.Context);

        var error = Assert.Throws<MLNetDataException>(() => MetricCrossCheck.Binary(_ml.Context, empty));

        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_column_the_scored_data_lacks_is_refused_naming_the_columns_it_has()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_logistic_regression").Train(_ml);

        var error = Assert.Throws<MLNetDataException>(() => MetricCrossCheck.Binary(_ml.Context, model.Transform(data), labelColumnName: "Churned"));

        Assert.Contains("no label column 'Churned'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Label' (Boolean)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Probability' (Single)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_rows_of_one_class_are_refused_because_roc_auc_needs_both()
    {
        var scored = ScoredRows.Binary(_ml.Context, (true, 1f, 0.731059f), (true, 2f, 0.880797f));

        var error = Assert.Throws<MLNetDataException>(() => MetricCrossCheck.Binary(_ml.Context, scored));

        Assert.Contains("needs both classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_tolerance_is_refused()
    {
        var (model, data) = PinnedTrainerCase.Named("lbfgs_poisson_regression").Train(_ml);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MetricCrossCheck.Regression(_ml.Context, model.Transform(data), options: new MetricCrossCheckOptions { Tolerance = -1 }));
    }
}
