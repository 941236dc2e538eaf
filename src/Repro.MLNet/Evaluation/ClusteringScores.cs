using Repro.Evaluation;

namespace Repro.MLNet.Evaluation;

/// <summary>
/// Clustering metrics, which Repro's catalog has not, computed in double precision in row order (so the same rows
/// give the same bits): scikit-learn's definitions, and ML.NET's variants where they differ.
/// </summary>
internal static class ClusteringScores
{
    /// <summary>The mean over rows of the squared Euclidean distance to the centroid of the row's cluster.</summary>
    public static double AverageSquaredDistance(ClusteringRows rows, IReadOnlyList<float[]> centroids)
    {
        var sum = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            sum += SquaredDistance(rows.Row(i), centroids[rows.Assigned[i]]);
        }

        return sum / rows.Count;
    }

    /// <summary>
    /// The Davies–Bouldin index (scikit-learn's davies_bouldin_score): for each cluster, the largest ratio of the sum
    /// of two clusters' mean distances to their centroids over the distance between those centroids; averaged over
    /// the non-empty clusters, or, as ML.NET does, over all <see cref="ClusteringRows.ClusterCount"/> clusters.
    /// Centroids are the means of the rows assigned to each cluster.
    /// </summary>
    /// <exception cref="MetricUndefinedException">Fewer than two clusters have rows.</exception>
    public static double DaviesBouldin(ClusteringRows rows, bool averageOverAllClusters = false)
    {
        var k = rows.ClusterCount;
        var d = rows.Dimension;
        var counts = new int[k];
        var centres = new double[k * d];
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows.Assigned[i];
            counts[c]++;
            var row = rows.Row(i);
            for (var j = 0; j < d; j++)
            {
                centres[(c * d) + j] += row[j];
            }
        }

        var present = counts.Count(n => n > 0);
        if (present < 2)
        {
            throw new MetricUndefinedException("davies_bouldin", $"only {present} cluster has rows, and the index needs two");
        }

        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d && counts[c] > 0; j++)
            {
                centres[(c * d) + j] /= counts[c];
            }
        }

        var spread = new double[k];
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows.Assigned[i];
            spread[c] += Math.Sqrt(SquaredDistance(rows.Row(i), centres.AsSpan(c * d, d)));
        }

        var sum = 0.0;
        for (var a = 0; a < k; a++)
        {
            if (counts[a] == 0)
            {
                continue;
            }

            var worst = 0.0;
            for (var b = 0; b < k; b++)
            {
                if (b != a && counts[b] > 0)
                {
                    var between = Math.Sqrt(SquaredDistance(centres.AsSpan(a * d, d), centres.AsSpan(b * d, d)));
                    worst = Math.Max(worst, ((spread[a] / counts[a]) + (spread[b] / counts[b])) / between);
                }
            }

            sum += worst;
        }

        return sum / (averageOverAllClusters ? k : present);
    }

    /// <summary>
    /// Normalized mutual information between classes and clusters: scikit-learn's normalized_mutual_info_score
    /// (the mutual information over the arithmetic mean of the two entropies; 1 when both are a single group,
    /// 0 when the mutual information is 0), or, as ML.NET does, the mutual information over the classes' entropy.
    /// </summary>
    public static double NormalizedMutualInformation(ClusteringRows rows, bool overClassEntropy = false)
    {
        var classes = rows.Classes ?? throw new InvalidOperationException("The rows have no classes.");
        var classCount = classes.Max() + 1;
        var joint = new long[classCount, rows.ClusterCount];
        var perClass = new long[classCount];
        var perCluster = new long[rows.ClusterCount];
        for (var i = 0; i < rows.Count; i++)
        {
            joint[classes[i], rows.Assigned[i]]++;
            perClass[classes[i]]++;
            perCluster[rows.Assigned[i]]++;
        }

        var classEntropy = Entropy(perClass, rows.Count);
        var clusterEntropy = Entropy(perCluster, rows.Count);
        if (!overClassEntropy && perClass.Count(n => n > 0) == 1 && perCluster.Count(n => n > 0) == 1)
        {
            return 1.0;
        }

        double n = rows.Count, information = 0;
        for (var a = 0; a < classCount; a++)
        {
            for (var b = 0; b < rows.ClusterCount; b++)
            {
                if (joint[a, b] > 0)
                {
                    var pab = joint[a, b] / n;
                    information += pab * Math.Log(pab / (perClass[a] / n * (perCluster[b] / n)));
                }
            }
        }

        if (overClassEntropy)
        {
            return information / classEntropy;
        }

        return information == 0 ? 0 : information / ((classEntropy + clusterEntropy) / 2);
    }

    private static double Entropy(long[] counts, int total)
    {
        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / total;
                entropy -= p * Math.Log(p);
            }
        }

        return entropy;
    }

    private static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var diff = x[j] - y[j];
            sum += diff * diff;
        }

        return sum;
    }

    private static double SquaredDistance(ReadOnlySpan<double> x, float[] centroid)
    {
        var sum = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var diff = x[j] - centroid[j];
            sum += diff * diff;
        }

        return sum;
    }
}
