using System.Globalization;

namespace Repro.Data.Splits;

/// <summary>
/// The folds of a split: their names and the fraction of examples each should get. Fractions are kept
/// as exact integer weights (0.8, 0.1, 0.1 is 8:1:1), so fold sizes are computed without rounding error.
/// </summary>
public sealed class FoldLayout
{
    /// <summary>The largest number of folds.</summary>
    public const int MaxFolds = 1000;

    private const double SumTolerance = 1e-6;
    private const int MaxDecimalPlaces = 15;

    private FoldLayout(string[] names, long[] weights)
    {
        Names = names;
        Weights = weights;
        TotalWeight = weights.Sum();
        Fractions = [.. weights.Select(w => (double)w / TotalWeight)];
    }

    /// <summary>The fold names, in order (the order in which time splits fill them).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The fraction of examples each fold should get; they sum to 1.</summary>
    public IReadOnlyList<double> Fractions { get; }

    /// <summary>The number of folds.</summary>
    public int Count => Names.Count;

    /// <summary>Fold i's share is Weights[i] / TotalWeight, exactly.</summary>
    internal long[] Weights { get; }

    internal long TotalWeight { get; }

    /// <summary>
    /// Folds with these fractions, named <c>train, test</c> (two), <c>train, validation, test</c> (three) or
    /// <c>fold_0 ... fold_{n-1}</c>.
    /// </summary>
    /// <exception cref="InvalidSplitException">Fewer than two fractions, one not positive or not finite, or their sum not 1 (within 1e-6).</exception>
    public static FoldLayout FromFractions(params IReadOnlyList<double> fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        string[] names = fractions.Count switch
        {
            2 => ["train", "test"],
            3 => ["train", "validation", "test"],
            _ => FoldNames(fractions.Count),
        };
        return Create(names, fractions);
    }

    /// <summary><paramref name="folds"/> equal folds named <c>fold_0 ... fold_{k-1}</c>, for k-fold cross-validation.</summary>
    /// <exception cref="InvalidSplitException">Fewer than 2 or more than <see cref="MaxFolds"/> folds.</exception>
    public static FoldLayout KFold(int folds)
    {
        if (folds is < 2 or > MaxFolds)
        {
            throw new InvalidSplitException($"The number of folds must be between 2 and {MaxFolds}, not {folds}.");
        }

        return new FoldLayout(FoldNames(folds), [.. Enumerable.Repeat(1L, folds)]);
    }

    /// <summary>Folds with chosen names and fractions.</summary>
    /// <param name="names">Distinct names of letters, digits, '_' and '-' (they name output files).</param>
    /// <param name="fractions">One per name: positive, summing to 1 within 1e-6 (they are then scaled to sum to 1 exactly).</param>
    /// <exception cref="InvalidSplitException">The names or fractions break a rule above.</exception>
    public static FoldLayout Create(IReadOnlyList<string> names, IReadOnlyList<double> fractions)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(fractions);
        if (fractions.Count is < 2 or > MaxFolds)
        {
            throw new InvalidSplitException($"A split needs between 2 and {MaxFolds} fractions, not {fractions.Count}.");
        }

        if (names.Count != fractions.Count)
        {
            throw new InvalidSplitException($"{names.Count} fold names for {fractions.Count} fractions.");
        }

        foreach (var name in names)
        {
            if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new InvalidSplitException($"Invalid fold name '{name}': use letters, digits, '_' and '-'.");
            }
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new InvalidSplitException("Fold names must be distinct.");
        }

        foreach (var fraction in fractions)
        {
            if (!double.IsFinite(fraction) || fraction <= 0)
            {
                throw new InvalidSplitException($"Invalid fraction {Text(fraction)}: each fraction must be a positive number.");
            }
        }

        var sum = fractions.Sum();
        if (Math.Abs(sum - 1) > SumTolerance)
        {
            throw new InvalidSplitException($"The fractions {string.Join(", ", fractions.Select(Text))} sum to {Text(sum)}, not 1.");
        }

        return new FoldLayout([.. names], Weigh(fractions));
    }

    /// <summary>The index of a fold by name, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf((string[])Names, name);

    /// <summary>
    /// Exact integer weights for the fractions: each fraction as a decimal of at most 15 significant
    /// digits (how a double converts to decimal) and 15 decimal places, all scaled by the same power of
    /// ten and divided by their greatest common divisor (0.8, 0.1, 0.1 gives 8, 1, 1).
    /// </summary>
    private static long[] Weigh(IReadOnlyList<double> fractions)
    {
        var decimals = fractions.Select(f => decimal.Round((decimal)f, MaxDecimalPlaces)).ToArray();
        if (decimals.Any(d => d == 0))
        {
            throw new InvalidSplitException($"A fraction below 1e-{MaxDecimalPlaces} is too small.");
        }

        var scale = decimals.Max(d => d.Scale);
        var factor = 1m;
        for (var i = 0; i < scale; i++)
        {
            factor *= 10;
        }

        var weights = decimals.Select(d => (long)(d * factor)).ToArray();
        var divisor = weights.Aggregate(0L, GreatestCommonDivisor);
        return [.. weights.Select(w => w / divisor)];
    }

    private static long GreatestCommonDivisor(long a, long b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);

    private static string[] FoldNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"fold_{i}"))];

    private static string Text(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
