namespace Repro.Tests.Benchmarking;

/// <summary>The samples of mannwhitney_reference.py, built the same way.</summary>
internal static class BenchSamples
{
    public static readonly double[] SmallX = [1.1, 2.3, 0.7, 3.5, 2.9];
    public static readonly double[] SmallY = [0.5, 1.9, 0.8, 1.2, 0.3, 0.6];
    public static readonly double[] TiesX = [1, 2, 2, 3, 3, 3, 4];
    public static readonly double[] TiesY = [2, 3, 4, 4, 5, 5, 6];

    public static double[] TenX => [.. Enumerable.Range(0, 10).Select(i => 0.101 + (0.003 * (i * 7 % 10)))];

    public static double[] TenY => [.. Enumerable.Range(0, 10).Select(i => 0.097 + (0.003 * (i * 3 % 10)) + 0.0001)];

    public static double[] SeparatedX => [.. Enumerable.Range(0, 10).Select(i => 2.0 + (i / 100.0))];

    public static double[] SeparatedY => [.. Enumerable.Range(0, 10).Select(i => 1.0 + (i / 100.0))];

    public static double[] FarX => [.. Enumerable.Range(0, 60).Select(i => 3.0 + (i / 100.0))];

    public static double[] FarY => [.. Enumerable.Range(0, 60).Select(i => 1.0 + (i / 100.0))];

    public static double[] LargeX => [.. Enumerable.Range(0, 60).Select(i => 1.0 + (i * 37 % 101 / 100.0))];

    public static double[] LargeY => [.. Enumerable.Range(0, 55).Select(i => 1.1 + (i * 53 % 97 / 100.0))];
}
