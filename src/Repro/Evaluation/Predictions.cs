namespace Repro.Evaluation;

/// <summary>
/// An immutable, columnar set of predictions: what a model said for each example and what was true.
/// The input of every metric, bootstrap and paired comparison.
/// </summary>
/// <remarks>
/// Classification labels are class indexes 0..K-1 into <see cref="Classes"/>. Binary scores are the
/// probability of class 1, one per row. Multiclass scores are row-major: row i's probability of class k
/// is <c>Scores[i * K + k]</c>. Regression sets carry <see cref="Targets"/> and <see cref="Estimates"/>.
/// Row order is significant only for pairing when there are no ids.
/// </remarks>
public sealed class Predictions
{
    private Predictions(PredictionTask task, IReadOnlyList<string>? ids, IReadOnlyList<string> classes, int[] labels, double[] scores, double[] targets, double[] estimates, int count)
    {
        Task = task;
        Ids = ids;
        Classes = classes;
        _labels = labels;
        _scores = scores;
        _targets = targets;
        _estimates = estimates;
        Count = count;
    }

    private readonly int[] _labels;
    private readonly double[] _scores;
    private readonly double[] _targets;
    private readonly double[] _estimates;

    /// <summary>The kind of predictions.</summary>
    public PredictionTask Task { get; }

    /// <summary>Example ids, one per row, that pair rows between two sets; null when the source had none.</summary>
    public IReadOnlyList<string>? Ids { get; }

    /// <summary>Class names in index order (binary: "0" and "1"); empty for regression.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>True class indexes, one per row (classification only; empty for regression).</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Scores: binary, one per row; multiclass, <see cref="Classes"/>.Count per row, row-major.</summary>
    public ReadOnlySpan<double> Scores => _scores;

    /// <summary>True values (regression only).</summary>
    public ReadOnlySpan<double> Targets => _targets;

    /// <summary>Predicted values (regression only).</summary>
    public ReadOnlySpan<double> Estimates => _estimates;

    /// <summary>Binary predictions: labels 0 or 1 and the probability of class 1.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0 or 1, or a score is not finite.</exception>
    public static Predictions Binary(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, IReadOnlyList<string>? ids = null)
    {
        RequireSameLength(labels.Length, scores.Length, "scores");
        RequireIds(ids, labels.Length);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Row {i}: label {labels[i]} is not 0 or 1.", nameof(labels));
            }

            RequireFinite(scores[i], i, nameof(scores));
        }

        return new Predictions(PredictionTask.Binary, ids, ["0", "1"], labels.ToArray(), scores.ToArray(), [], [], labels.Length);
    }

    /// <summary>Multiclass predictions: class indexes and a row-major matrix of class probabilities.</summary>
    /// <exception cref="ArgumentException">Shapes differ, a label is outside the classes, or a score is not finite.</exception>
    public static Predictions Multiclass(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, IReadOnlyList<string> classes, IReadOnlyList<string>? ids = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count < 2)
        {
            throw new ArgumentException("Multiclass predictions need at least two classes.", nameof(classes));
        }

        RequireSameLength(labels.Length * classes.Count, scores.Length, "scores (rows x classes)");
        RequireIds(ids, labels.Length);
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes.Count)
            {
                throw new ArgumentException($"Row {i}: label index {labels[i]} is outside the {classes.Count} declared classes.", nameof(labels));
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            RequireFinite(scores[i], i / classes.Count, nameof(scores));
        }

        return new Predictions(PredictionTask.Multiclass, ids, [.. classes], labels.ToArray(), scores.ToArray(), [], [], labels.Length);
    }

    /// <summary>Regression predictions: true and predicted values.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a value is not finite.</exception>
    public static Predictions Regression(ReadOnlySpan<double> targets, ReadOnlySpan<double> estimates, IReadOnlyList<string>? ids = null)
    {
        RequireSameLength(targets.Length, estimates.Length, "estimates");
        RequireIds(ids, targets.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            RequireFinite(targets[i], i, nameof(targets));
            RequireFinite(estimates[i], i, nameof(estimates));
        }

        return new Predictions(PredictionTask.Regression, ids, [], [], [], targets.ToArray(), estimates.ToArray(), targets.Length);
    }

    /// <summary>
    /// The rows at the given positions, in that order, repeats allowed: a bootstrap resample or a subset.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A position is outside 0..Count-1.</exception>
    public Predictions Select(ReadOnlySpan<int> rows)
    {
        var width = Task == PredictionTask.Multiclass ? Classes.Count : 1;
        var labels = _labels.Length == 0 ? [] : new int[rows.Length];
        var scores = _scores.Length == 0 ? [] : new double[rows.Length * width];
        var targets = _targets.Length == 0 ? [] : new double[rows.Length];
        var estimates = _estimates.Length == 0 ? [] : new double[rows.Length];
        string[]? ids = Ids is null ? null : new string[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(rows));
            if (labels.Length > 0)
            {
                labels[i] = _labels[row];
            }

            if (scores.Length > 0)
            {
                Array.Copy(_scores, row * width, scores, i * width, width);
            }

            if (targets.Length > 0)
            {
                targets[i] = _targets[row];
                estimates[i] = _estimates[row];
            }

            if (ids is not null)
            {
                ids[i] = Ids![row];
            }
        }

        return new Predictions(Task, ids, Classes, labels, scores, targets, estimates, rows.Length);
    }

    private static void RequireSameLength(int expected, int actual, string what)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Mismatched lengths: expected {expected} {what}, got {actual}.");
        }
    }

    private static void RequireIds(IReadOnlyList<string>? ids, int count)
    {
        if (ids is not null && ids.Count != count)
        {
            throw new ArgumentException($"Mismatched lengths: {count} rows but {ids.Count} ids.", nameof(ids));
        }
    }

    private static void RequireFinite(double value, int row, string what)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Row {row}: {what} value {value} is not a finite number.", what);
        }
    }
}
