using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Repro.Evaluation;

namespace Repro.MLNet.Evaluation;

/// <summary>The clustering cross-check: Repro's catalog has no clustering metrics, so they are recomputed here.</summary>
public static partial class MetricCrossCheck
{
    /// <summary>
    /// Cross-checks k-means metrics, recomputed in double precision from the features, the model's centroids and
    /// the clusters ML.NET assigned: average_distance (AverageDistance: the mean squared Euclidean distance to the
    /// assigned centroid), davies_bouldin (DaviesBouldinIndex, scikit-learn's definition) and, when a label column is
    /// named, normalized_mutual_info (NormalizedMutualInformation, scikit-learn's definition).
    /// </summary>
    /// <remarks>
    /// ML.NET computes the distances in single precision, so those two compare with
    /// <see cref="MetricCrossCheckOptions.SinglePrecisionTolerance"/>. Its Davies–Bouldin index averages over all k
    /// clusters, counting an empty one as 0, where scikit-learn averages over the non-empty ones. Its normalized mutual
    /// information divides by the entropy of the labels, where scikit-learn divides by the mean of the labels' and
    /// the clusters' entropies; the two agree only when those entropies are equal.
    /// </remarks>
    /// <param name="context">The ML.NET context that evaluates.</param>
    /// <param name="scored">Data scored by the k-means model.</param>
    /// <param name="model">The k-means model (its centroids), such as <c>transformer.Model</c> or <c>chain.LastTransformer.Model</c>.</param>
    /// <param name="labelColumnName">A column of true classes (key, or Single class numbers), or null for none.</param>
    /// <param name="scoreColumnName">The vector of distances to each centroid.</param>
    /// <param name="featureColumnName">The feature vector the model clusters.</param>
    /// <param name="options">Tolerances; null for the defaults.</param>
    /// <exception cref="MLNetDataException">A column is missing or mistyped, a label is missing, or there are no rows.</exception>
    public static MetricCrossCheckReport Clustering(MLContext context, IDataView scored, KMeansModelParameters model, string? labelColumnName = null,
        string scoreColumnName = "Score", string featureColumnName = "Features", MetricCrossCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        options = Checked(options);
        var rows = ScoredData.ReadClustering(scored, featureColumnName, scoreColumnName, labelColumnName);
        RequireRows(rows.Count, "clustering");
        VBuffer<float>[] buffers = [];
        model.GetClusterCentroids(ref buffers, out var k);
        if (k != rows.ClusterCount)
        {
            throw new MLNetDataException($"The model has {k} clusters but the score column '{scoreColumnName}' has {rows.ClusterCount}: score the data with this model.");
        }

        var centroids = buffers.Take(k).Select(b => b.DenseValues().ToArray()).ToArray();
        var mlnet = Evaluated(() => context.Clustering.Evaluate(scored, labelColumnName, scoreColumnName, featureColumnName), scored);
        var single = options.SinglePrecisionTolerance;
        List<MetricComparison> comparisons =
        [
            Compare("average_distance", "AverageDistance", mlnet.AverageDistance, (ClusteringScores.AverageSquaredDistance(rows, centroids), null), single,
                conversion: "ML.NET computes the squared distances in single precision, Repro in double"),
            Compare("davies_bouldin", "DaviesBouldinIndex", mlnet.DaviesBouldinIndex, Undefinable(() => ClusteringScores.DaviesBouldin(rows)), single,
                explained: () => ClusteringScores.DaviesBouldin(rows, averageOverAllClusters: true),
                explanation: $"ML.NET averages over all {k} clusters, counting the {k - rows.Assigned.Distinct().Count()} without rows as 0; scikit-learn over those with rows"),
        ];
        if (rows.Classes is not null)
        {
            comparisons.Add(Compare("normalized_mutual_info", "NormalizedMutualInformation", mlnet.NormalizedMutualInformation,
                (ClusteringScores.NormalizedMutualInformation(rows), null), options.Tolerance,
                explained: () => ClusteringScores.NormalizedMutualInformation(rows, overClassEntropy: true),
                explanation: "ML.NET divides the mutual information by the labels' entropy, scikit-learn by the mean of the labels' and the clusters' entropies"));
        }

        return new MetricCrossCheckReport("clustering", rows.Count, comparisons);
    }

    private static (double Value, string? Reason) Undefinable(Func<double> compute)
    {
        try
        {
            return (compute(), null);
        }
        catch (MetricUndefinedException ex)
        {
            return (double.NaN, ex.Reason);
        }
    }
}
