using System.Runtime.ExceptionServices;

namespace Repro.Evaluation;

/// <summary>
/// Runs per-row work over fixed-size chunks of rows, in parallel, and hands back the partial results
/// in chunk order. The chunk boundaries depend only on the row count, never on the thread count, and
/// the partials are combined in chunk order by the caller (with exact sums or integer counts), so a
/// result is bit-identical whatever the number of threads.
/// </summary>
internal static class FixedChunks
{
    /// <summary>Rows per chunk.</summary>
    public const int Length = 1 << 16;

    /// <summary>
    /// Applies <paramref name="map"/> to each chunk [start, end) of <paramref name="rows"/> rows and
    /// returns its results in chunk order. An exception from a chunk is rethrown as itself (not
    /// wrapped); when several chunks fail, the first chunk's, so the error too is thread-count invariant.
    /// </summary>
    public static TPartial[] Map<TPartial>(int rows, int maxDegreeOfParallelism, Func<int, int, TPartial> map)
    {
        var count = (rows + Length - 1) / Length;
        var results = new TPartial[count];
        if (count <= 1 || maxDegreeOfParallelism <= 1)
        {
            for (var c = 0; c < count; c++)
            {
                results[c] = map(c * Length, Math.Min(rows, (c + 1) * Length));
            }

            return results;
        }

        var failures = new ExceptionDispatchInfo?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            try
            {
                results[c] = map(c * Length, Math.Min(rows, (c + 1) * Length));
            }
#pragma warning disable CA1031 // Every failure is kept and the first chunk's rethrown below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures[c] = ExceptionDispatchInfo.Capture(e);
            }
        });
        Array.Find(failures, f => f is not null)?.Throw();
        return results;
    }

    /// <summary>
    /// The exact sum of the terms that <paramref name="addTerms"/> adds for each chunk [start, end),
    /// rounded once.
    /// </summary>
    public static double Sum(int rows, int maxDegreeOfParallelism, Action<int, int, ExactSum> addTerms)
    {
        var total = new ExactSum();
        foreach (var partial in Map(rows, maxDegreeOfParallelism, (start, end) =>
        {
            var sum = new ExactSum();
            addTerms(start, end, sum);
            return sum;
        }))
        {
            total.Add(partial);
        }

        return total.ToDouble();
    }

    /// <summary>The total of the counts that <paramref name="count"/> returns for each chunk [start, end).</summary>
    public static long Count(int rows, int maxDegreeOfParallelism, Func<int, int, long> count)
    {
        long total = 0;
        foreach (var partial in Map(rows, maxDegreeOfParallelism, count))
        {
            total += partial;
        }

        return total;
    }
}
