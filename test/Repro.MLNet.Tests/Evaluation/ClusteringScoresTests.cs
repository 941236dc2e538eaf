using Repro.Evaluation;
using Repro.MLNet.Evaluation;

namespace Repro.MLNet.Tests.Evaluation;

public sealed class ClusteringScoresTests
{
    [Fact]
    public void Davies_bouldin_of_two_tight_far_clusters_is_the_spread_over_the_separation()
    {
        // Clusters {0, 2} and {10, 12}: each row is 1 from its centroid (1 and 11), the centroids are 10 apart: (1 + 1) / 10.
        var rows = Rows([0, 2, 10, 12], [0, 0, 1, 1], clusterCount: 2);

        Assert.Equal(0.2, ClusteringScores.DaviesBouldin(rows), 15);
    }

    [Fact]
    public void Davies_bouldin_as_ml_net_averages_over_every_cluster_including_empty_ones()
    {
        var rows = Rows([0, 2, 10, 12], [0, 0, 2, 2], clusterCount: 3);

        Assert.Equal(0.2, ClusteringScores.DaviesBouldin(rows), 15);
        Assert.Equal(0.4 / 3, ClusteringScores.DaviesBouldin(rows, averageOverAllClusters: true), 15);
    }

    [Fact]
    public void Davies_bouldin_is_undefined_with_a_single_cluster()
    {
        var rows = Rows([0, 2], [1, 1], clusterCount: 2);

        var error = Assert.Throws<MetricUndefinedException>(() => ClusteringScores.DaviesBouldin(rows));

        Assert.Contains("needs two", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalized_mutual_information_follows_scikit_learn_s_documented_cases()
    {
        // scikit-learn's normalized_mutual_info_score docstring: a perfect or relabelled match is 1, a split into singletons of one class is 0.
        Assert.Equal(1.0, ClusteringScores.NormalizedMutualInformation(Rows([0, 0, 0, 0], [0, 0, 1, 1], 2, classes: [0, 0, 1, 1])), 15);
        Assert.Equal(1.0, ClusteringScores.NormalizedMutualInformation(Rows([0, 0, 0, 0], [1, 1, 0, 0], 2, classes: [0, 0, 1, 1])), 15);
        Assert.Equal(0.0, ClusteringScores.NormalizedMutualInformation(Rows([0, 0, 0, 0], [0, 1, 2, 3], 4, classes: [0, 0, 0, 0])));
    }

    [Fact]
    public void Normalized_mutual_information_divides_by_the_mean_entropy_or_as_ml_net_by_the_labels_entropy()
    {
        // Classes [0, 0, 1, 1], clusters [0, 0, 0, 1]: joint probabilities 1/2, 1/4, 1/4.
        var rows = Rows([0, 0, 0, 0], [0, 0, 0, 1], 2, classes: [0, 0, 1, 1]);
        var information = (0.5 * Math.Log(4.0 / 3)) + (0.25 * Math.Log(2.0 / 3)) + (0.25 * Math.Log(2));
        var classEntropy = Math.Log(2);
        var clusterEntropy = -((0.75 * Math.Log(0.75)) + (0.25 * Math.Log(0.25)));

        Assert.Equal(information / ((classEntropy + clusterEntropy) / 2), ClusteringScores.NormalizedMutualInformation(rows), 14);
        Assert.Equal(information / classEntropy, ClusteringScores.NormalizedMutualInformation(rows, overClassEntropy: true), 14);
    }

    [Fact]
    public void Average_distance_is_the_mean_squared_distance_to_the_assigned_centroid()
    {
        var rows = Rows([0, 3, 10], [0, 0, 1], clusterCount: 2);

        var average = ClusteringScores.AverageSquaredDistance(rows, [[1f], [11f]]);

        Assert.Equal((1.0 + 4.0 + 1.0) / 3, average, 15);
    }

    private static ClusteringRows Rows(double[] features, int[] assigned, int clusterCount, int[]? classes = null) =>
        new(features, 1, assigned, clusterCount, classes);
}
