namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// Evaluates metrics on bootstrap resamples of one or more prediction sets of equal length, drawing the
/// same rows for every set (a paired resample when the sets are aligned). Resamples run in parallel, and
/// each value depends only on its resample index, so results are identical whatever the thread count.
/// </summary>
/// <remarks>
/// Every metric with a fast path (<see cref="ResampleMetrics"/>: all but multiclass ROC AUC) is computed
/// from the resample's per-row multiplicities, bit-identical to the catalog on the resampled rows; the
/// others by <see cref="MetricCatalog.Compute(string, Predictions, MetricOptions?)"/> on the resampled rows
/// (<see cref="Predictions.Select"/>).
/// </remarks>
internal static class ResampleEvaluator
{
    /// <summary>Values as [set][metric][resample]; NaN where a metric is undefined on a resample.</summary>
    public static double[][][] Evaluate(IReadOnlyList<Predictions> sets, IReadOnlyList<string> metrics, BootstrapOptions options)
    {
        var count = sets[0].Count;
        if (sets.Any(s => s.Count != count))
        {
            throw new ArgumentException("Every set must have the same number of rows.", nameof(sets));
        }

        // Metrics never read ids; without them a resample copies less.
        sets = [.. sets.Select(WithoutIds)];
        var resamples = options.Resamples;
        var metricOptions = options.Metric ?? new MetricOptions();
        var fast = sets.Select(set => ResampleMetrics.Build(set, metrics, metricOptions)).ToArray();
        var needRows = fast.Select(f => Enumerable.Range(0, metrics.Count).Any(m => !f.Covers(m))).ToArray();
        var values = sets.Select(_ => metrics.Select(_ => new double[resamples]).ToArray()).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(
            0,
            resamples,
            parallel,
            () => (Rows: new int[count], Weights: new int[count], Values: new double[metrics.Count]),
            (resample, _, buffers) =>
            {
                BootstrapResample.Draw(options.Seed, resample, buffers.Rows);
                for (var s = 0; s < sets.Count; s++)
                {
                    fast[s].Weigh(buffers.Rows, buffers.Weights);
                    fast[s].Evaluate(buffers.Weights, buffers.Values);
                    var resampled = needRows[s] ? sets[s].Select(buffers.Rows) : null;
                    for (var m = 0; m < metrics.Count; m++)
                    {
                        values[s][m][resample] = fast[s].Covers(m)
                            ? buffers.Values[m]
                            : ValueOrNaN(metrics[m], resampled!, metricOptions);
                    }
                }

                return buffers;
            },
            _ => { });
        return values;
    }

    private static Predictions WithoutIds(Predictions set) => set.Ids is null ? set : set.Task switch
    {
        PredictionTask.Binary => Predictions.Binary(set.Labels, set.Scores),
        PredictionTask.Multiclass => Predictions.Multiclass(set.Labels, set.Scores, set.Classes),
        _ => Predictions.Regression(set.Targets, set.Estimates),
    };

    /// <summary>The metric's value, or NaN when it is undefined on these rows (a resample with a single class, say).</summary>
    public static double ValueOrNaN(string metric, Predictions predictions, MetricOptions options)
    {
        try
        {
            return MetricCatalog.Compute(metric, predictions, options);
        }
        catch (MetricUndefinedException)
        {
            return double.NaN;
        }
    }
}
