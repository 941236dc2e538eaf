namespace Repro.Data.Splits;

/// <summary>
/// The rules that turn examples into fold numbers, one per method. All arithmetic on fold sizes is exact:
/// fold i's share is <c>Weights[i] / TotalWeight</c> and every comparison is made in 128-bit integers.
/// </summary>
internal static class FoldAllocation
{
    /// <summary>Each row by its own hash (<see cref="HashSplit.FoldOf(string, string, FoldLayout)"/>).</summary>
    public static int[] Hash(ulong[] hashes, FoldLayout folds) => [.. hashes.Select(h => HashSplit.FoldOf(h, folds))];

    /// <summary>
    /// Exact per-class proportions. Classes are taken in ordinal order of their labels. A class of n examples
    /// gives fold i ⌊n·share_i⌋ examples, and its leftover examples (n minus the sum of those floors) one each to
    /// the folds with a nonzero fractional part n·share_i − ⌊n·share_i⌋ that are furthest below their overall
    /// target (share_i × the examples of the classes taken so far, this one included), ties to the larger
    /// fractional part, then the lower fold index. So every class puts ⌊n·share_i⌋ or ⌈n·share_i⌉ examples in
    /// fold i, and the folds' totals stay as close to their shares as the classes allow. Within a class the
    /// examples are ordered by hash (then key) and cut in fold order.
    /// </summary>
    public static int[] Stratified(string[] keys, ulong[] hashes, string[] labels, FoldLayout folds)
    {
        var assignment = new int[keys.Length];
        var count = folds.Count;
        var total = folds.TotalWeight;
        var placed = new long[count];
        long seen = 0;
        var classes = Enumerable.Range(0, keys.Length)
            .GroupBy(row => labels[row], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var members in classes)
        {
            var rows = members.ToArray();
            Array.Sort(rows, (a, b) => CompareByHash(a, b, hashes, keys));
            seen += rows.Length;
            var sizes = new long[count];
            var remainders = new Int128[count];
            long floors = 0;
            for (var i = 0; i < count; i++)
            {
                var ideal = (Int128)rows.Length * folds.Weights[i];
                sizes[i] = (long)(ideal / total);
                remainders[i] = ideal % total;
                floors += sizes[i];
            }

            var leftover = rows.Length - floors;
            var receivers = Enumerable.Range(0, count)
                .Where(i => remainders[i] > 0)
                .OrderByDescending(i => ((Int128)seen * folds.Weights[i]) - ((Int128)(placed[i] + sizes[i]) * total))
                .ThenByDescending(i => remainders[i])
                .ThenBy(i => i)
                .Take((int)leftover)
                .ToList();
            foreach (var i in receivers)
            {
                sizes[i]++;
            }

            var next = 0;
            for (var i = 0; i < count; i++)
            {
                for (var j = 0; j < sizes[i]; j++)
                {
                    assignment[rows[next++]] = i;
                }

                placed[i] += sizes[i];
            }
        }

        return assignment;
    }

    /// <summary>
    /// Whole groups to folds: groups in order of size (largest first), then of the hash of (salt, group),
    /// then of the group value; each to the fold furthest below its target (share × all rows), ties to the
    /// lower fold index. With equal shares that is the emptiest fold, as in scikit-learn's GroupKFold.
    /// </summary>
    /// <exception cref="InvalidSplitException">Fewer groups than folds.</exception>
    public static int[] Group(string[] groups, FoldLayout folds, string salt, string column)
    {
        var members = Enumerable.Range(0, groups.Length)
            .GroupBy(row => groups[row], StringComparer.Ordinal)
            .Select(g => (Group: g.Key, Rows: g.ToArray(), Hash: HashSplit.Hash(salt, g.Key)))
            .ToList();
        if (members.Count < folds.Count)
        {
            throw new InvalidSplitException($"The group column '{column}' has {members.Count} distinct values, fewer than the {folds.Count} folds: every fold needs at least one group.");
        }

        members.Sort((a, b) =>
        {
            var bySize = b.Rows.Length.CompareTo(a.Rows.Length);
            if (bySize != 0)
            {
                return bySize;
            }

            var byHash = a.Hash.CompareTo(b.Hash);
            return byHash != 0 ? byHash : string.CompareOrdinal(a.Group, b.Group);
        });

        var assignment = new int[groups.Length];
        var sizes = new long[folds.Count];
        foreach (var (_, rows, _) in members)
        {
            var best = 0;
            var bestDeficit = Deficit(0);
            for (var i = 1; i < folds.Count; i++)
            {
                var deficit = Deficit(i);
                if (deficit > bestDeficit)
                {
                    (best, bestDeficit) = (i, deficit);
                }
            }

            foreach (var row in rows)
            {
                assignment[row] = best;
            }

            sizes[best] += rows.Length;
        }

        return assignment;

        Int128 Deficit(int fold) => ((Int128)groups.Length * folds.Weights[fold]) - ((Int128)sizes[fold] * folds.TotalWeight);
    }

    /// <summary>
    /// Rows already in time order to consecutive folds: fold sizes by the largest-remainder rule on the
    /// row count (⌊n·share_i⌋ each, the leftover one each to the largest fractional parts, ties to the lower
    /// fold index); the first rows fill fold 0, the next fold 1, and so on.
    /// </summary>
    public static int[] Time(int[] rowsInTimeOrder, FoldLayout folds)
    {
        var sizes = Apportion(rowsInTimeOrder.Length, folds);
        var assignment = new int[rowsInTimeOrder.Length];
        var next = 0;
        for (var i = 0; i < folds.Count; i++)
        {
            for (var j = 0; j < sizes[i]; j++)
            {
                assignment[rowsInTimeOrder[next++]] = i;
            }
        }

        return assignment;
    }

    /// <summary>Largest-remainder apportionment of <paramref name="rows"/> to the folds' shares.</summary>
    internal static long[] Apportion(int rows, FoldLayout folds)
    {
        var sizes = new long[folds.Count];
        var remainders = new Int128[folds.Count];
        long floors = 0;
        for (var i = 0; i < folds.Count; i++)
        {
            var ideal = (Int128)rows * folds.Weights[i];
            sizes[i] = (long)(ideal / folds.TotalWeight);
            remainders[i] = ideal % folds.TotalWeight;
            floors += sizes[i];
        }

        foreach (var i in Enumerable.Range(0, folds.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(rows - floors)))
        {
            sizes[i]++;
        }

        return sizes;
    }

    private static int CompareByHash(int a, int b, ulong[] hashes, string[] keys)
    {
        var byHash = hashes[a].CompareTo(hashes[b]);
        return byHash != 0 ? byHash : string.CompareOrdinal(keys[a], keys[b]);
    }
}
