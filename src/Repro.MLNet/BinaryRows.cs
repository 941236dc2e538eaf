namespace Repro.MLNet;

/// <summary>Binary rows read from scored data.</summary>
internal sealed record BinaryRows(int[] Labels, double[] Probabilities, double[] RawScores, List<string>? Ids);
