namespace Repro.Cli.Demo;

/// <summary>A metric on the demo's test fold and its bootstrap percentile interval.</summary>
/// <param name="Name">The metric's scikit-learn name, such as <c>accuracy</c>.</param>
/// <param name="Value">Its value on the whole test fold.</param>
/// <param name="Low">The lower end of the interval.</param>
/// <param name="High">The upper end of the interval.</param>
internal sealed record DemoTestMetric(string Name, double Value, double Low, double High);
