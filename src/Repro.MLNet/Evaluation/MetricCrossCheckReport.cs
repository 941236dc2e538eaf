using System.Globalization;
using System.Text;

namespace Repro.MLNet.Evaluation;

/// <summary>The outcome of a cross-check: one comparison per metric both libraries compute.</summary>
/// <param name="Task">What was checked: binary, multiclass, regression or clustering.</param>
/// <param name="Rows">How many scored rows both computed their metrics on.</param>
/// <param name="Comparisons">The comparisons, in a fixed order per task.</param>
public sealed record MetricCrossCheckReport(string Task, int Rows, IReadOnlyList<MetricComparison> Comparisons)
{
    /// <summary>True when no metric disagrees (explained differences of definition are not disagreements).</summary>
    public bool Agrees => Comparisons.All(c => c.Agreement != MetricAgreement.Disagrees);

    /// <summary>The comparisons that disagree.</summary>
    public IReadOnlyList<MetricComparison> Disagreements => [.. Comparisons.Where(c => c.Agreement == MetricAgreement.Disagrees)];

    /// <summary>The comparison of a metric by Repro's name.</summary>
    /// <exception cref="KeyNotFoundException">The report has no such metric.</exception>
    public MetricComparison this[string metric] =>
        Comparisons.FirstOrDefault(c => c.Metric == metric)
        ?? throw new KeyNotFoundException($"The {Task} cross-check has no metric '{metric}'; it has {string.Join(", ", Comparisons.Select(c => c.Metric))}.");

    /// <summary>A plain-text table: metric, Repro's value, ML.NET's value (in Repro's units), agreement, note.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ML.NET vs Repro, {Task}, {Rows} rows: {(Agrees ? "agree" : "DISAGREE")}\n");
        foreach (var c in Comparisons)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {c.Metric,-24} repro {c.ReproValue,-22:R} ml.net {c.ComparedValue,-22:R} {c.Agreement}");
            if (c.Note is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  ({c.Note})");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
