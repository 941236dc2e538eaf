using System.Runtime.CompilerServices;

namespace Repro.Evaluation;

/// <summary>
/// Metrics of many resamples of one prediction set (bootstrap draws) without materialising them: a
/// resample is how many times it drew each row, and each metric is computed from those multiplicities
/// with the catalog's own formula. Every value is bit-identical to
/// <see cref="MetricCatalog.Compute(string, Predictions, MetricOptions?)"/> on <c>predictions.Select(rows)</c>.
/// </summary>
/// <remarks>
/// <para>Metrics of the confusion matrix (<see cref="MetricDefinition.OfConfusion"/>) get the resample's
/// weighted matrix, one per resample for all of them: the same integers as the materialised rows' matrix.
/// Metrics of a mean of per-row terms (<see cref="MetricDefinition.RowTerm"/>: log_loss, brier_score,
/// top_2_accuracy, mse, rmse, mae, mape) add each row's term as many times as it was drawn to an
/// <see cref="ExactSum"/>, which is the materialised rows' exact sum, rounded once. r2 does the same
/// for its three sums. Binary roc_auc and average_precision walk a <see cref="ResampleRanking"/>.</para>
/// <para>For those, the rows are laid out in the ranking's score order, so every pass reads the
/// multiplicities sequentially. Multiclass ROC AUC (ovr, ovo) has no fast path: <see cref="Covers"/> is
/// false for it, and callers compute it on the materialised rows.</para>
/// </remarks>
internal sealed class ResampleMetrics
{
    private const string RocAucName = "roc_auc";
    private const string AveragePrecisionName = "average_precision";
    private const string R2Name = "r2";

    private readonly Predictions _predictions;
    private readonly Form[] _forms;
    private readonly Func<ConfusionMatrix, double>?[] _ofConfusion;
    private readonly Func<double, double>?[] _ofMean;
    private readonly int[] _termOf;
    private readonly List<double[]> _terms;
    private readonly int[]? _slotOfRow;
    private readonly int[]? _cells;
    private readonly double[]? _targets;
    private readonly ResampleRanking? _ranking;

    private ResampleMetrics(
        Predictions predictions,
        Form[] forms,
        Func<ConfusionMatrix, double>?[] ofConfusion,
        Func<double, double>?[] ofMean,
        int[] termOf,
        List<double[]> terms,
        int[]? slotOfRow,
        int[]? cells,
        double[]? targets,
        ResampleRanking? ranking)
    {
        _predictions = predictions;
        _forms = forms;
        _ofConfusion = ofConfusion;
        _ofMean = ofMean;
        _termOf = termOf;
        _terms = terms;
        _slotOfRow = slotOfRow;
        _cells = cells;
        _targets = targets;
        _ranking = ranking;
    }

    private enum Form
    {
        Materialised,
        Confusion,
        RowMean,
        R2,
        RocAuc,
        AveragePrecision,
    }

    /// <summary>The number of rows of the set; <see cref="Weigh"/> takes one multiplicity per row.</summary>
    public int Count => _predictions.Count;

    /// <summary>Prepares the fast paths of <paramref name="metrics"/> (names of the catalog) for a prediction set.</summary>
    /// <exception cref="UnknownMetricException">A name is unknown or does not apply to the task.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN.</exception>
    public static ResampleMetrics Build(Predictions predictions, IReadOnlyList<string> metrics, MetricOptions? options)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(metrics);
        var threshold = MetricOptions.ThresholdOf(options);
        var count = predictions.Count;
        var forms = new Form[metrics.Count];
        var ofConfusion = new Func<ConfusionMatrix, double>?[metrics.Count];
        var ofMean = new Func<double, double>?[metrics.Count];
        var termOf = new int[metrics.Count];
        var termFunctions = new List<Func<Predictions, int, double>>();
        for (var m = 0; m < metrics.Count; m++)
        {
            var definition = MetricCatalog.Find(metrics[m], predictions.Task);
            termOf[m] = -1;
            if (definition.OfConfusion is { } formula)
            {
                forms[m] = Form.Confusion;
                ofConfusion[m] = formula;
            }
            else if (definition.RowTerm is { } term)
            {
                forms[m] = Form.RowMean;
                ofMean[m] = definition.OfMean;
                termOf[m] = IndexOf(termFunctions, term);
            }
            else
            {
                forms[m] = definition.Name switch
                {
                    RocAucName => Form.RocAuc,
                    AveragePrecisionName => Form.AveragePrecision,
                    R2Name => Form.R2,
                    _ => Form.Materialised,
                };
                if (forms[m] == Form.R2)
                {
                    // R2's residual sum is the squared errors' sum.
                    termOf[m] = IndexOf(termFunctions, MetricCatalog.Find("mse", PredictionTask.Regression).RowTerm!);
                }
            }
        }

        var ranking = forms.Any(f => f is Form.RocAuc or Form.AveragePrecision) ? ResampleRanking.Build(predictions) : null;
        var rowAt = ranking is null ? null : ranking.Order.ToArray();
        int[]? slotOfRow = null;
        if (rowAt is not null)
        {
            slotOfRow = new int[count];
            for (var slot = 0; slot < count; slot++)
            {
                slotOfRow[rowAt[slot]] = slot;
            }
        }

        int[]? cells = null;
        if (forms.Contains(Form.Confusion))
        {
            cells = new int[count];
            for (var slot = 0; slot < count; slot++)
            {
                cells[slot] = ConfusionMatrix.CellOf(predictions, RowAt(rowAt, slot), threshold);
            }
        }

        var terms = termFunctions.Select(term =>
        {
            var values = new double[count];
            for (var slot = 0; slot < count; slot++)
            {
                values[slot] = term(predictions, RowAt(rowAt, slot));
            }

            return values;
        }).ToList();
        double[]? targets = null;
        if (forms.Contains(Form.R2))
        {
            targets = new double[count];
            for (var slot = 0; slot < count; slot++)
            {
                targets[slot] = predictions.Targets[RowAt(rowAt, slot)];
            }
        }

        return new ResampleMetrics(predictions, forms, ofConfusion, ofMean, termOf, terms, slotOfRow, cells, targets, ranking);
    }

    /// <summary>True when metric <paramref name="metric"/> (an index into the names given to <see cref="Build"/>) has a fast path.</summary>
    public bool Covers(int metric) => _forms[metric] != Form.Materialised;

    /// <summary>
    /// Turns a resample's drawn rows (repeats allowed, any order) into the multiplicities that
    /// <see cref="Evaluate"/> reads, in this set's layout.
    /// </summary>
    /// <param name="rows">The resample's rows, each in [0, <see cref="Count"/>).</param>
    /// <param name="weights">Overwritten; <see cref="Count"/> long.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Weigh(ReadOnlySpan<int> rows, Span<int> weights)
    {
        if (weights.Length != Count)
        {
            throw new ArgumentException($"Expected one weight per row ({Count}), got {weights.Length}.", nameof(weights));
        }

        weights.Clear();
        if (_slotOfRow is { } slotOfRow)
        {
            foreach (var row in rows)
            {
                weights[slotOfRow[row]]++;
            }
        }
        else
        {
            foreach (var row in rows)
            {
                weights[row]++;
            }
        }
    }

    /// <summary>
    /// Computes every covered metric of the resample whose multiplicities <see cref="Weigh"/> gave; NaN where
    /// the metric is undefined on it. Entries of metrics not covered are left as they are.
    /// </summary>
    public void Evaluate(ReadOnlySpan<int> weights, Span<double> values)
    {
        if (weights.Length != Count)
        {
            throw new ArgumentException($"Expected one weight per row ({Count}), got {weights.Length}.", nameof(weights));
        }

        long total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var confusion = _cells is null || total == 0 ? null : WeightedConfusion(weights);
        var sums = new double[_terms.Count];
        for (var t = 0; t < sums.Length && total > 0; t++)
        {
            sums[t] = WeightedSum(_terms[t], weights);
        }

        for (var m = 0; m < _forms.Length; m++)
        {
            if (_forms[m] == Form.Materialised)
            {
                continue;
            }

            values[m] = total == 0 ? double.NaN : _forms[m] switch
            {
                Form.Confusion => Guarded(_ofConfusion[m]!, confusion!),
                Form.RowMean => _ofMean[m] is { } finish ? finish(sums[_termOf[m]] / total) : sums[_termOf[m]] / total,
                Form.R2 => R2(weights, total, sums[_termOf[m]]),
                Form.RocAuc => _ranking!.RocAucInOrder(weights),
                _ => _ranking!.AveragePrecisionInOrder(weights),
            };
        }
    }

    private static int RowAt(int[]? rowAt, int slot) => rowAt is null ? slot : rowAt[slot];

    private static int IndexOf(List<Func<Predictions, int, double>> terms, Func<Predictions, int, double> term)
    {
        var index = terms.IndexOf(term);
        if (index < 0)
        {
            terms.Add(term);
            index = terms.Count - 1;
        }

        return index;
    }

    private static double WeightedSum(double[] terms, ReadOnlySpan<int> weights)
    {
        var sum = new ExactSum();
        sum.AddProducts(terms, weights);
        return sum.ToDouble();
    }

    private static double Guarded(Func<ConfusionMatrix, double> formula, ConfusionMatrix matrix)
    {
        try
        {
            return formula(matrix);
        }
        catch (MetricUndefinedException)
        {
            return double.NaN;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConfusionMatrix WeightedConfusion(ReadOnlySpan<int> weights)
    {
        var width = _predictions.Classes.Count;
        var counts = new long[width * width];
        var cells = _cells!;
        for (var slot = 0; slot < weights.Length; slot++)
        {
            counts[cells[slot]] += weights[slot];
        }

        return ConfusionMatrix.FromCells(_predictions.Classes, counts);
    }

    // RegressionMetrics.R2's three exact sums, each row counted as often as it was drawn.
    private double R2(ReadOnlySpan<int> weights, long total, double residualSquares)
    {
        if (total < 2)
        {
            return double.NaN;
        }

        var targets = _targets!;
        var mean = WeightedSum(targets, weights) / total;
        var totalSquares = new ExactSum();
        for (var slot = 0; slot < weights.Length; slot++)
        {
            totalSquares.Add(RegressionMetrics.SquaredDeviation(targets[slot], mean), weights[slot]);
        }

        return RegressionMetrics.R2Of(residualSquares, totalSquares.ToDouble());
    }
}
