namespace Repro.MLNet;

/// <summary>Multiclass rows read from scored data; <see cref="Scores"/> is row-major.</summary>
internal sealed record MulticlassRows(int[] Labels, double[] Scores, string[] Classes, List<string>? Ids);
