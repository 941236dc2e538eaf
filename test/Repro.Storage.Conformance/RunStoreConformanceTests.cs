using Repro.Tracking;

namespace Repro.Storage.Conformance;

/// <summary>
/// The behaviour every run store back end must have. A back end's test project subclasses this and
/// supplies <see cref="CreateStore"/>; the tests then run against that back end.
/// </summary>
public abstract class RunStoreConformanceTests : IDisposable
{
    private readonly List<IRunStore> _stores = [];

    /// <summary>Creates a new, empty store for one test.</summary>
    protected abstract IRunStore CreateStore();

    protected IRunStore NewStore()
    {
        var store = CreateStore();
        _stores.Add(store);
        return store;
    }

    protected static RunInfo CreateRun(IRunStore store, string experiment = "exp", string name = "run", ulong seed = 42, long startMs = 1_700_000_000_000, RunId? parent = null) =>
        store.CreateRun(new NewRun(RunId.New(), experiment, name, startMs, seed, parent, new RunOwner("host", 1, 1)));

    public virtual void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Created_run_reads_back_with_its_attributes()
    {
        var store = NewStore();
        var created = CreateRun(store, "vision", "baseline", seed: ulong.MaxValue);

        var read = store.GetRun(created.Id);

        Assert.Equal(created.Id, read.Id);
        Assert.Equal("vision", read.ExperimentName);
        Assert.Equal("baseline", read.Name);
        Assert.Equal(RunStatus.Running, read.Status);
        Assert.Equal(ulong.MaxValue, read.Seed);
        Assert.Null(read.EndTimeMs);
        Assert.Equal(new RunOwner("host", 1, 1), read.Owner);
    }

    [Fact]
    public void Metric_history_keeps_order_steps_and_exact_special_values()
    {
        var store = NewStore();
        var run = CreateRun(store);
        var nanWithPayload = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234);
        double[] values = [0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, nanWithPayload, 1e308];
        var points = values.Select((v, i) => new MetricPoint("loss", v, i * 10 - 5, 1_700_000_000_000 + i)).ToArray();

        store.WriteBatch(run.Id, RunBatch.OfMetrics(points[..3]));
        store.WriteBatch(run.Id, RunBatch.OfMetrics(points[3..]));
        var history = store.GetMetricHistory(run.Id, "loss");

        Assert.Equal(points.Length, history.Count);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(points[i].Value), BitConverter.DoubleToInt64Bits(history[i].Value));
            Assert.Equal(points[i].Step, history[i].Step);
            Assert.Equal(points[i].TimestampMs, history[i].TimestampMs);
            Assert.Equal("loss", history[i].Key);
        }
    }

    [Fact]
    public void Latest_metric_is_the_highest_step_then_the_latest_timestamp()
    {
        var store = NewStore();
        var run = CreateRun(store);

        store.WriteBatch(run.Id, RunBatch.OfMetrics([new("acc", 0.9, 5, 100), new("acc", 0.7, 3, 200)]));
        store.WriteBatch(run.Id, RunBatch.OfMetrics([new("acc", 0.8, 5, 150)]));
        var latest = store.GetRunData(run.Id).LatestMetrics["acc"];

        Assert.Equal(0.8, latest.Value);
        Assert.Equal(5, latest.Step);
    }

    [Fact]
    public void Param_logged_again_with_the_same_value_is_a_no_op()
    {
        var store = NewStore();
        var run = CreateRun(store);

        store.WriteBatch(run.Id, RunBatch.OfParams(KeyValuePair.Create("lr", "0.01")));
        store.WriteBatch(run.Id, RunBatch.OfParams(KeyValuePair.Create("lr", "0.01")));

        Assert.Equal("0.01", store.GetRunData(run.Id).Params["lr"]);
    }

    [Fact]
    public void Param_changed_is_an_error_naming_the_key_and_both_values_and_writes_nothing()
    {
        var store = NewStore();
        var run = CreateRun(store);
        store.WriteBatch(run.Id, RunBatch.OfParams(KeyValuePair.Create("lr", "0.01")));

        var error = Assert.Throws<InvalidRunDataException>(() => store.WriteBatch(run.Id, new RunBatch(
            [new MetricPoint("loss", 1, 0, 0)],
            [KeyValuePair.Create("batch", "32"), KeyValuePair.Create("lr", "0.1")],
            [KeyValuePair.Create("t", "v")])));

        Assert.Contains("lr", error.Message);
        Assert.Contains("0.01", error.Message);
        Assert.Contains("0.1", error.Message);
        var data = store.GetRunData(run.Id);
        Assert.Equal(["lr"], data.Params.Keys);
        Assert.Empty(data.Tags);
        Assert.Empty(data.LatestMetrics);
        Assert.Empty(store.GetMetricHistory(run.Id, "loss"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad:key")]
    [InlineData("/absolute")]
    [InlineData("a/../b")]
    [InlineData("tab\tkey")]
    public void Invalid_keys_are_rejected_and_nothing_is_written(string key)
    {
        var store = NewStore();
        var run = CreateRun(store);

        Assert.Throws<InvalidRunDataException>(() => store.WriteBatch(run.Id, new RunBatch(
            [new MetricPoint("ok", 1, 0, 0), new MetricPoint(key, 1, 0, 0)], [], [])));

        Assert.Empty(store.GetRunData(run.Id).LatestMetrics);
    }

    [Fact]
    public void Keys_and_values_at_the_limits_are_accepted_and_beyond_them_rejected()
    {
        var store = NewStore();
        var run = CreateRun(store);
        var longestKey = new string('k', TrackingLimits.MaxKeyLength);

        store.WriteBatch(run.Id, new RunBatch([], [KeyValuePair.Create(longestKey, new string('v', TrackingLimits.MaxParamValueLength))],
            [KeyValuePair.Create("t", new string('v', TrackingLimits.MaxTagValueLength))]));

        Assert.Throws<InvalidRunDataException>(() => store.WriteBatch(run.Id, RunBatch.OfParams(KeyValuePair.Create(longestKey + "k", "v"))));
        Assert.Throws<InvalidRunDataException>(() => store.WriteBatch(run.Id, RunBatch.OfParams(KeyValuePair.Create("p", new string('v', TrackingLimits.MaxParamValueLength + 1)))));
        Assert.Throws<InvalidRunDataException>(() => store.WriteBatch(run.Id, RunBatch.OfTags(KeyValuePair.Create("t2", new string('v', TrackingLimits.MaxTagValueLength + 1)))));
        Assert.Single(store.GetRunData(run.Id).Params);
    }

    [Fact]
    public void Tags_are_mutable()
    {
        var store = NewStore();
        var run = CreateRun(store);

        store.WriteBatch(run.Id, RunBatch.OfTags(KeyValuePair.Create("stage", "dev")));
        store.WriteBatch(run.Id, RunBatch.OfTags(KeyValuePair.Create("stage", "prod")));

        Assert.Equal("prod", store.GetRunData(run.Id).Tags["stage"]);
    }

    [Fact]
    public void Ending_a_run_only_succeeds_from_the_expected_status()
    {
        var store = NewStore();
        var run = CreateRun(store);

        Assert.True(store.TryEndRun(run.Id, RunStatus.Running, RunStatus.Finished, 1_700_000_005_000));
        Assert.False(store.TryEndRun(run.Id, RunStatus.Running, RunStatus.Failed, 1_700_000_009_000));

        var read = store.GetRun(run.Id);
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(1_700_000_005_000, read.EndTimeMs);
    }

    [Fact]
    public void Runs_resolve_by_full_id_and_unique_prefix()
    {
        var store = NewStore();
        var run = CreateRun(store);

        Assert.Equal(run.Id, store.ResolveRun(run.Id.Value));
        Assert.Equal(run.Id, store.ResolveRun(run.Id.Value[..8]));
        Assert.Equal(run.Id, store.ResolveRun(run.Id.Value[..8].ToUpperInvariant()));
    }

    [Fact]
    public void Unknown_and_malformed_run_references_are_clear_errors()
    {
        var store = NewStore();
        CreateRun(store);

        var unknown = Assert.Throws<RunNotFoundException>(() => store.ResolveRun("ffffffffffffffffffffffffffffffff"));
        Assert.Contains("No run matches", unknown.Message);
        Assert.Throws<RunNotFoundException>(() => store.ResolveRun("not-hex"));
        Assert.Throws<RunNotFoundException>(() => store.GetRun(RunId.New()));
        Assert.Throws<RunNotFoundException>(() => store.WriteBatch(RunId.New(), RunBatch.OfTags(KeyValuePair.Create("a", "b"))));
    }

    [Fact]
    public void Ambiguous_prefix_names_the_candidates()
    {
        var store = NewStore();
        var ids = Enumerable.Range(0, 40).Select(_ => CreateRun(store).Id).ToList();
        var shared = ids.GroupBy(id => id.Value[0]).First(g => g.Count() > 1);

        var error = Assert.Throws<RunNotFoundException>(() => store.ResolveRun(shared.Key.ToString()));

        Assert.Contains("ambiguous", error.Message);
        Assert.Contains(shared.First().Value, error.Message);
    }

    [Fact]
    public void Parent_run_must_exist()
    {
        var store = NewStore();
        var parent = CreateRun(store);

        var child = CreateRun(store, parent: parent.Id);

        Assert.Equal(parent.Id, store.GetRun(child.Id).ParentRunId);
        Assert.Throws<RunNotFoundException>(() => CreateRun(store, parent: RunId.New()));
    }

    [Fact]
    public void Experiments_are_created_once_and_listed_by_name()
    {
        var store = NewStore();
        CreateRun(store, "b");
        CreateRun(store, "a");
        CreateRun(store, "b");

        Assert.Equal(["a", "b"], store.ListExperiments().Select(e => e.Name));
    }

    [Fact]
    public void Search_filters_on_metrics_params_tags_and_attributes()
    {
        var store = NewStore();
        var good = CreateRun(store, name: "good");
        var bad = CreateRun(store, name: "bad");
        var other = CreateRun(store, name: "other");
        store.WriteBatch(good.Id, new RunBatch([new("loss", 0.2, 1, 1)], [KeyValuePair.Create("lr", "0.01")], [KeyValuePair.Create("team", "Vision")]));
        store.WriteBatch(bad.Id, new RunBatch([new("loss", 0.9, 1, 1)], [KeyValuePair.Create("lr", "0.01")], [KeyValuePair.Create("team", "vision")]));
        store.WriteBatch(other.Id, new RunBatch([], [KeyValuePair.Create("lr", "0.1")], []));
        store.TryEndRun(good.Id, RunStatus.Running, RunStatus.Finished, 2);

        IReadOnlyList<string> Names(string filter) =>
            store.SearchRuns(new RunQuery { Filter = RunFilter.Parse(filter) }).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["good"], Names("metrics.loss < 0.5 and params.lr = '0.01'"));
        Assert.Equal(["bad", "good"], Names("params.lr = '0.01'"));
        Assert.Equal(["bad"], Names("metrics.loss != 0.2"));
        Assert.Equal(["good"], Names("tags.team LIKE 'V%'"));
        Assert.Equal(["bad", "good"], Names("tags.team ILIKE 'v%'"));
        Assert.Equal(["good"], Names("attributes.status = 'finished'"));
        Assert.Equal(["bad", "other"], Names("status != 'FINISHED'"));
        Assert.Equal(["good", "other"], Names("run_name IN ('good', 'other')"));
        Assert.Empty(Names("metrics.missing > 0"));
    }

    [Fact]
    public void Search_orders_by_metric_with_missing_values_last_and_respects_limit()
    {
        var store = NewStore();
        var runs = new[] { ("a", 0.3), ("b", 0.1), ("c", 0.2) }
            .Select(x => (Run: CreateRun(store, name: x.Item1), Loss: x.Item2)).ToList();
        foreach (var (run, loss) in runs)
        {
            store.WriteBatch(run.Id, RunBatch.OfMetrics([new MetricPoint("loss", loss, 0, 0)]));
        }

        CreateRun(store, name: "none");

        var ascending = store.SearchRuns(new RunQuery { OrderBy = [RunOrder.Parse("metrics.loss ASC")] }).Select(r => r.Name);
        var descending = store.SearchRuns(new RunQuery { OrderBy = [RunOrder.Parse("metrics.loss DESC")], Limit = 2 }).Select(r => r.Name);

        Assert.Equal(["b", "c", "a", "none"], ascending);
        Assert.Equal(["a", "c"], descending);
    }

    [Fact]
    public void Search_restricts_to_experiments_and_defaults_to_newest_first()
    {
        var store = NewStore();
        CreateRun(store, "x", "old", startMs: 1000);
        CreateRun(store, "x", "new", startMs: 2000);
        CreateRun(store, "y", "elsewhere", startMs: 3000);

        var names = store.SearchRuns(new RunQuery { ExperimentNames = ["x"] }).Select(r => r.Name);

        Assert.Equal(["new", "old"], names);
    }

    [Fact]
    public void Count_matches_the_search_without_its_limit()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++)
        {
            var run = CreateRun(store, i < 3 ? "x" : "y");
            store.WriteBatch(run.Id, RunBatch.OfMetrics([new MetricPoint("loss", i, 0, 0)]));
        }

        var query = new RunQuery { Filter = RunFilter.Parse("metrics.loss >= 1"), Limit = 1 };

        Assert.Equal(4, store.CountRuns(query));
        Assert.Equal(2, store.CountRuns(query with { ExperimentNames = ["x"] }));
        Assert.Equal(5, store.CountRuns(new RunQuery()));
    }

    [Fact]
    public void Run_texts_are_stored_and_replaced()
    {
        var store = NewStore();
        var run = CreateRun(store);

        store.PutRunText(run.Id, "stdout", "first");
        store.PutRunText(run.Id, "stdout", "héllo\nwörld");

        Assert.Equal("héllo\nwörld", store.GetRunText(run.Id, "stdout"));
        Assert.Null(store.GetRunText(run.Id, "stderr"));
    }

    [Fact]
    public void Metric_keys_are_listed_sorted()
    {
        var store = NewStore();
        var run = CreateRun(store);

        store.WriteBatch(run.Id, RunBatch.OfMetrics([new("val/loss", 1, 0, 0), new("acc", 1, 0, 0), new("B", 1, 0, 0)]));

        Assert.Equal(["B", "acc", "val/loss"], store.GetMetricKeys(run.Id));
    }

    [Fact]
    public void Large_series_round_trip_across_chunks()
    {
        var store = NewStore();
        var run = CreateRun(store);
        var points = Enumerable.Range(0, 200_000).Select(i => new MetricPoint("x", Math.Sin(i), i, 1_700_000_000_000 + (i / 7))).ToArray();

        store.WriteBatch(run.Id, RunBatch.OfMetrics(points));
        var history = store.GetMetricHistory(run.Id, "x");

        Assert.Equal(points, history);
    }
}
