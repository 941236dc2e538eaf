using BenchmarkDotNet.Attributes;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// Searching 100,000 runs with a filter and an order-by, as <c>repro runs list</c> does
/// (target: &lt;= 100 ms): the search alone, and the search plus <see cref="IRunStore.GetRunData"/> for
/// each returned run (the params, tags and latest metrics the list shows), and that again from opening
/// the store, with the stale-run check every command does first: the store side of the whole command.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class RunSearchBenchmarks
{
    public const string Filter = "metrics.loss < 0.5 and params.lr = '0.01'";
    public const string OrderBy = "metrics.loss ASC";

    private static readonly RunQuery Query = new()
    {
        Filter = RunFilter.Parse(Filter),
        OrderBy = [RunOrder.Parse(OrderBy)],
        Limit = 100,
    };

    private SqliteRunStore? _store;
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = SearchFixture.EnsureBuilt();
        _store = SqliteRunStore.Open(_path);
        Verify(_store);
    }

    [Benchmark]
    public int SearchRuns() => _store!.SearchRuns(Query).Count;

    [Benchmark]
    public int SearchRunsWithData() => SearchWithData(_store!);

    [Benchmark]
    public int OpenReapSearchWithData()
    {
        using var store = SqliteRunStore.Open(_path);
        StaleRunReaper.Reap(store);
        return SearchWithData(store);
    }

    private static int SearchWithData(IRunStore store)
    {
        var count = 0;
        foreach (var run in store.SearchRuns(Query))
        {
            count += store.GetRunData(run.Id).Params.Count;
        }

        return count;
    }

    [GlobalCleanup]
    public void Cleanup() => _store!.Dispose();

    /// <summary>Checks the query returns what it should, so a fast wrong answer is never reported.</summary>
    internal static void Verify(IRunStore store)
    {
        var runs = store.SearchRuns(Query);
        if (runs.Count != Query.Limit)
        {
            throw new InvalidOperationException($"The search returned {runs.Count} runs, expected {Query.Limit}.");
        }

        var previous = double.NegativeInfinity;
        foreach (var run in runs)
        {
            var data = store.GetRunData(run.Id);
            var loss = data.LatestMetrics["loss"].Value;
            if (data.Params["lr"] != "0.01" || loss >= 0.5 || loss < previous)
            {
                throw new InvalidOperationException($"Run {run.Id} does not belong in the result (lr {data.Params["lr"]}, loss {loss}).");
            }

            previous = loss;
        }
    }
}
