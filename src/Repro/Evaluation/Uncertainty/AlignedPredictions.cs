namespace Repro.Evaluation.Uncertainty;

/// <summary>Two prediction sets of the same examples, row i of one paired with row i of the other.</summary>
/// <param name="A">The first set, in its own order.</param>
/// <param name="B">The second set, reordered to pair with <paramref name="A"/>.</param>
/// <param name="By">How the rows were paired.</param>
internal sealed record AlignedPredictions(Predictions A, Predictions B, PairedBy By)
{
    private const int Examples = 3;

    /// <summary>
    /// Pairs the rows of two sets: by id when both have ids (every id must be in both), by position when
    /// neither has (the counts must match). The true labels (or regression targets) of paired rows must agree.
    /// </summary>
    /// <exception cref="PredictionsMismatchException">The sets cannot be paired; the message says why, with examples.</exception>
    public static AlignedPredictions Align(Predictions a, Predictions b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Task != b.Task)
        {
            throw new PredictionsMismatchException($"A holds {Name(a.Task)} predictions and B {Name(b.Task)} predictions; only predictions of the same task can be compared.");
        }

        if (a.Task == PredictionTask.Multiclass && !a.Classes.Order(StringComparer.Ordinal).SequenceEqual(b.Classes.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new PredictionsMismatchException(
                $"A's classes ({PredictionsCsv.DescribeClasses(a.Classes)}) differ from B's ({PredictionsCsv.DescribeClasses(b.Classes)}); only predictions over the same classes can be compared.");
        }

        AlignedPredictions aligned;
        if (a.Ids is { } idsA && b.Ids is { } idsB)
        {
            aligned = new AlignedPredictions(a, b.Select(JoinOnIds(idsA, idsB)), PairedBy.Id);
        }
        else if (a.Ids is null && b.Ids is null)
        {
            if (a.Count != b.Count)
            {
                throw new PredictionsMismatchException(
                    $"A has {a.Count} rows and B {b.Count}; without ids rows pair by position, so the counts must match. Log ids with the predictions to pair them by id.");
            }

            aligned = new AlignedPredictions(a, b, PairedBy.RowOrder);
        }
        else
        {
            var (with, without) = a.Ids is null ? ("B", "A") : ("A", "B");
            throw new PredictionsMismatchException(
                $"{with}'s predictions have ids and {without}'s do not; give both sets ids (to pair rows by id) or neither (to pair them by row order).");
        }

        aligned.RequireSameTruth();
        return aligned;
    }

    /// <summary>For each row of A, the row of B with the same id.</summary>
    private static int[] JoinOnIds(IReadOnlyList<string> idsA, IReadOnlyList<string> idsB)
    {
        var rowsB = new Dictionary<string, int>(idsB.Count, StringComparer.Ordinal);
        for (var j = 0; j < idsB.Count; j++)
        {
            if (!rowsB.TryAdd(idsB[j], j))
            {
                throw new PredictionsMismatchException($"Id '{idsB[j]}' appears more than once in B; ids must be unique to pair rows.");
            }
        }

        var order = new int[idsA.Count];
        var seenA = new HashSet<string>(idsA.Count, StringComparer.Ordinal);
        var missingFromB = new List<string>();
        for (var i = 0; i < idsA.Count; i++)
        {
            if (!seenA.Add(idsA[i]))
            {
                throw new PredictionsMismatchException($"Id '{idsA[i]}' appears more than once in A; ids must be unique to pair rows.");
            }

            if (rowsB.TryGetValue(idsA[i], out var j))
            {
                order[i] = j;
            }
            else
            {
                missingFromB.Add(idsA[i]);
            }
        }

        var missingFromA = idsB.Where(id => !seenA.Contains(id)).ToList();
        if (missingFromB.Count > 0 || missingFromA.Count > 0)
        {
            var parts = new List<string>();
            if (missingFromB.Count > 0)
            {
                parts.Add($"{Ids(missingFromB.Count)} of A {(missingFromB.Count == 1 ? "is" : "are")} missing from B ({Sample(missingFromB)})");
            }

            if (missingFromA.Count > 0)
            {
                parts.Add($"{Ids(missingFromA.Count)} of B {(missingFromA.Count == 1 ? "is" : "are")} missing from A ({Sample(missingFromA)})");
            }

            throw new PredictionsMismatchException(
                $"The predictions do not cover the same examples: {string.Join("; ", parts)}. Paired comparisons need predictions for the same ids.");
        }

        return order;
    }

    private void RequireSameTruth()
    {
        for (var i = 0; i < A.Count; i++)
        {
            string? truthA = null, truthB = null;
            if (A.Task == PredictionTask.Regression)
            {
                if (A.Targets[i] != B.Targets[i])
                {
                    truthA = Number(A.Targets[i]);
                    truthB = Number(B.Targets[i]);
                }
            }
            else if (A.Classes[A.Labels[i]] != B.Classes[B.Labels[i]])
            {
                truthA = A.Classes[A.Labels[i]];
                truthB = B.Classes[B.Labels[i]];
            }

            if (truthA is not null)
            {
                var row = By == PairedBy.Id ? $"Id '{A.Ids![i]}'" : $"Row {i + 1}";
                throw new PredictionsMismatchException(
                    $"{row} has y_true {truthA} in A but {truthB} in B; paired predictions must be of the same examples with the same true values.");
            }
        }
    }

    private static string Name(PredictionTask task) => task.ToString().ToLowerInvariant();

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Ids(int count) => count == 1 ? "1 id" : $"{count} ids";

    private static string Sample(List<string> ids) =>
        "e.g. " + string.Join(", ", ids.Take(Examples).Select(id => $"'{id}'")) + (ids.Count > Examples ? ", ..." : string.Empty);
}
