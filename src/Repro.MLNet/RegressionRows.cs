namespace Repro.MLNet;

/// <summary>Regression rows read from scored data.</summary>
internal sealed record RegressionRows(double[] Targets, double[] Estimates, List<string>? Ids);
