namespace Repro.MLNet;

/// <summary>Clustering rows read from scored data: row-major features, assigned clusters, and optional classes.</summary>
internal sealed record ClusteringRows(double[] Features, int Dimension, int[] Assigned, int ClusterCount, int[]? Classes)
{
    public int Count => Assigned.Length;

    public ReadOnlySpan<double> Row(int row) => Features.AsSpan(row * Dimension, Dimension);
}
