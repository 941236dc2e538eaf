using System.Text.Json;
using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Tracking;

public sealed class RunTests : IDisposable
{
    private readonly InMemoryRunStore _store = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _store.WriteGate.Dispose();

    private Run Start(RunOptions? options = null) => Run.Start((options ?? new RunOptions()) with
    {
        Store = options?.Store ?? _store,
        TimeProvider = _clock,
        HandleProcessEvents = false,
        CaptureEnvironment = false,
        EnvironmentReader = options?.EnvironmentReader ?? (_ => null),
    });

    // --- params ---

    [Fact]
    public void Logging_a_param_again_with_the_same_value_is_a_no_op()
    {
        using var run = Start();

        run.LogParam("lr", "0.01");
        run.LogParam("lr", "0.01");

        Assert.Equal("0.01", _store.GetRunData(run.Id).Params["lr"]);
        Assert.Single(_store.Batches, b => b.Params.Count > 0);
    }

    [Fact]
    public void Changing_a_param_fails_naming_the_key_and_both_values_and_writes_nothing()
    {
        using var run = Start();
        run.LogParam("lr", "0.01");
        var batchesBefore = _store.Batches.Count;

        var error = Assert.Throws<InvalidRunDataException>(() => run.LogParam("lr", "0.02"));

        Assert.Contains("'lr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'0.01'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'0.02'", error.Message, StringComparison.Ordinal);
        Assert.Equal(batchesBefore, _store.Batches.Count);
        Assert.Equal("0.01", _store.GetRunData(run.Id).Params["lr"]);
        Assert.Equal("0.01", run.Params["lr"]);
    }

    [Fact]
    public void A_param_the_store_already_holds_with_another_value_is_rejected_by_the_store_too()
    {
        using var run = Start();
        // Another handle (say, a second process) recorded the param first.
        _store.WriteBatch(run.Id, RunBatch.OfParams(KeyValuePair.Create("seed_policy", "fixed")));

        var error = Assert.Throws<InvalidRunDataException>(() => run.LogParam("seed_policy", "drawn"));

        Assert.Contains("seed_policy", error.Message, StringComparison.Ordinal);
        Assert.Equal("fixed", _store.GetRunData(run.Id).Params["seed_policy"]);
        Assert.DoesNotContain("seed_policy", run.Params.Keys);
    }

    [Fact]
    public void Numeric_params_are_written_in_the_invariant_culture_and_round_trip()
    {
        using var run = Start();

        run.LogParam("lr", 0.1 + 0.2);
        run.LogParam("epochs", 10L);
        run.LogParam("tiny", 1e-300);

        var stored = _store.GetRunData(run.Id).Params;
        Assert.Equal("0.30000000000000004", stored["lr"]);
        Assert.Equal("10", stored["epochs"]);
        Assert.Equal(1e-300, double.Parse(stored["tiny"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad!key")]
    [InlineData("/absolute")]
    [InlineData("a/../b")]
    public void An_invalid_param_key_is_rejected_and_nothing_is_written(string key)
    {
        using var run = Start();

        Assert.Throws<InvalidRunDataException>(() => run.LogParam(key, "v"));

        Assert.Empty(_store.GetRunData(run.Id).Params);
    }

    [Fact]
    public void Param_keys_and_values_may_reach_the_MLflow_limits_but_not_pass_them()
    {
        using var run = Start();
        var longestKey = new string('k', TrackingLimits.MaxKeyLength);

        run.LogParam(longestKey, new string('v', TrackingLimits.MaxParamValueLength));
        var keyError = Assert.Throws<InvalidRunDataException>(() => run.LogParam(longestKey + "k", "v"));
        var valueError = Assert.Throws<InvalidRunDataException>(() => run.LogParam("long", new string('v', TrackingLimits.MaxParamValueLength + 1)));

        Assert.Contains("250", keyError.Message, StringComparison.Ordinal);
        Assert.Contains("6000", valueError.Message, StringComparison.Ordinal);
        Assert.Equal([longestKey], _store.GetRunData(run.Id).Params.Keys);
    }

    // --- metrics ---

    [Fact]
    public void NaN_and_infinities_are_stored_and_read_back_bit_for_bit()
    {
        using var run = Start();
        var nanWithPayload = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_BEEF);
        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, nanWithPayload, -0.0, double.Epsilon];

        for (var i = 0; i < values.Length; i++)
        {
            run.LogMetric("loss", values[i], i);
        }

        run.Flush();

        var history = _store.GetMetricHistory(run.Id, "loss");
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), history.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
        Assert.Equal(Enumerable.Range(0, values.Length).Select(i => (long)i), history.Select(p => p.Step));
    }

    [Fact]
    public void Metric_points_are_timestamped_by_the_run_clock()
    {
        using var run = Start();

        run.LogMetric("loss", 1.0);
        _clock.Advance(TimeSpan.FromSeconds(90));
        run.LogMetric("loss", 0.5, 1);
        run.Flush();

        var history = _store.GetMetricHistory(run.Id, "loss");
        Assert.Equal([_clock.NowMs - 90_000, _clock.NowMs], history.Select(p => p.TimestampMs));
        Assert.Equal(0, history[0].Step);
    }

    [Theory]
    [InlineData("")]
    [InlineData("loss\n")]
    [InlineData("val:loss")]
    public void An_invalid_metric_key_fails_in_the_call_and_is_never_buffered(string key)
    {
        using var run = Start();

        Assert.Throws<InvalidRunDataException>(() => run.LogMetric(key, 1.0));
        run.Flush();

        Assert.Empty(_store.GetMetricKeys(run.Id));
    }

    [Fact]
    public void An_over_long_metric_key_is_rejected_with_the_limit_in_the_message()
    {
        using var run = Start();

        var error = Assert.Throws<InvalidRunDataException>(() => run.LogMetric(new string('m', TrackingLimits.MaxKeyLength + 1), 1.0));

        Assert.Contains("250", error.Message, StringComparison.Ordinal);
    }

    // --- tags ---

    [Fact]
    public void Tags_can_be_changed()
    {
        using var run = Start();

        run.SetTag("team", "vision");
        run.SetTag("team", "speech");

        Assert.Equal("speech", _store.GetRunData(run.Id).Tags["team"]);
    }

    [Fact]
    public void An_over_long_tag_value_is_rejected_and_the_old_value_kept()
    {
        using var run = Start();
        run.SetTag("note", new string('n', TrackingLimits.MaxTagValueLength));

        var error = Assert.Throws<InvalidRunDataException>(() => run.SetTag("note", new string('x', TrackingLimits.MaxTagValueLength + 1)));

        Assert.Contains("8000", error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('n', TrackingLimits.MaxTagValueLength), _store.GetRunData(run.Id).Tags["note"]);
    }

    [Fact]
    public void An_invalid_tag_key_is_rejected_and_nothing_is_written()
    {
        using var run = Start();

        var error = Assert.Throws<InvalidRunDataException>(() => run.SetTag("tag*", "v"));

        Assert.Contains("'*'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.GetRunData(run.Id).Tags);
    }

    // --- starting ---

    [Fact]
    public void A_started_run_is_running_with_the_given_seed_experiment_name_and_owner()
    {
        using var run = Start(new RunOptions { Seed = ulong.MaxValue, Experiment = "vision", Name = "baseline" });

        var stored = _store.GetRun(run.Id);

        Assert.False(run.IsAttached);
        Assert.Equal(ulong.MaxValue, run.Seed);
        Assert.Equal(RunStatus.Running, stored.Status);
        Assert.Equal(ulong.MaxValue, stored.Seed);
        Assert.Equal("vision", stored.ExperimentName);
        Assert.Equal("baseline", stored.Name);
        Assert.Equal(_clock.NowMs, stored.StartTimeMs);
        Assert.Equal(Environment.ProcessId, stored.Owner?.ProcessId);
        Assert.Equal(Environment.MachineName, stored.Owner?.Host);
    }

    [Fact]
    public void Without_a_seed_or_names_a_seed_is_drawn_and_the_run_is_named_after_experiment_and_start_time()
    {
        using var first = Start();
        using var second = Start();

        var stored = _store.GetRun(first.Id);

        Assert.Equal(Experiment.DefaultName, stored.ExperimentName);
        Assert.Equal("Default-20240301-123045", stored.Name);
        Assert.Equal(first.Seed, stored.Seed);
        // Two 64-bit draws from the OS generator collide with probability 2^-64.
        Assert.NotEqual(first.Seed, second.Seed);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void An_invalid_experiment_name_fails_before_anything_is_created()
    {
        Assert.Throws<InvalidRunDataException>(() => Start(new RunOptions { Experiment = "bad\tname" }));

        Assert.Empty(_store.SearchRuns(new RunQuery()));
        Assert.Empty(_store.ListExperiments());
    }

    [Fact]
    public void A_nested_run_records_its_parent()
    {
        using var parent = Start();
        using var child = Start(new RunOptions { ParentRunId = parent.Id });

        Assert.Equal(parent.Id, _store.GetRun(child.Id).ParentRunId);
    }

    [Fact]
    public void A_store_the_run_opened_is_closed_when_the_run_ends_and_a_store_passed_in_is_not()
    {
        var opened = new InMemoryRunStore();
        var registry = new StoreRegistry().Register(new SingleStoreProvider(opened));

        var owning = Run.Start(new RunOptions { StoreUri = "memory:x", Registry = registry, HandleProcessEvents = false, EnvironmentReader = _ => null });
        var borrowing = Start();
        owning.Dispose();
        borrowing.Dispose();

        Assert.True(opened.IsDisposed);
        Assert.False(_store.IsDisposed);
        Assert.Equal(RunStatus.Finished, opened.GetRun(owning.Id).Status);
    }

    [Fact]
    public void A_store_uri_no_back_end_handles_fails_with_a_store_error_naming_the_scheme()
    {
        var error = Assert.Throws<StoreException>(() => Run.Start(new RunOptions
        {
            StoreUri = "sqlite:/nowhere/repro.db",
            Registry = new StoreRegistry(),
            HandleProcessEvents = false,
            EnvironmentReader = _ => null,
        }));

        Assert.Contains("'sqlite:'", error.Message, StringComparison.Ordinal);
    }

    // --- ending ---

    [Fact]
    public void Disposing_ends_the_run_finished_after_writing_every_point()
    {
        var run = Start(new RunOptions { FlushInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 1000; i++)
        {
            run.LogMetric("loss", i, i);
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        run.Dispose();

        var stored = _store.GetRun(run.Id);
        Assert.Equal(RunStatus.Finished, stored.Status);
        Assert.Equal(_clock.NowMs, stored.EndTimeMs);
        Assert.Equal(1000, _store.GetMetricHistory(run.Id, "loss").Count);
        Assert.DoesNotContain(SystemTags.FailureReason, _store.GetRunData(run.Id).Tags.Keys);
    }

    [Fact]
    public void Ending_failed_records_the_reason_tag()
    {
        var run = Start();

        run.End(RunStatus.Failed, "CUDA out of memory");

        Assert.Equal(RunStatus.Failed, _store.GetRun(run.Id).Status);
        Assert.Equal("CUDA out of memory", _store.GetRunData(run.Id).Tags[SystemTags.FailureReason]);
    }

    [Fact]
    public void A_long_failure_reason_is_kept_whole_up_to_the_tag_limit()
    {
        var reason = "Unhandled InvalidOperationException: " + new string('x', 500);
        var run = Start();

        run.End(RunStatus.Failed, reason);

        Assert.Equal(reason, _store.GetRunData(run.Id).Tags[SystemTags.FailureReason]);
    }

    [Fact]
    public void A_failure_reason_over_the_tag_limit_is_cut_to_fit_it()
    {
        var run = Start();

        run.End(RunStatus.Killed, new string('r', TrackingLimits.MaxTagValueLength + 100));

        var stored = _store.GetRunData(run.Id).Tags[SystemTags.FailureReason];
        Assert.Equal(TrackingLimits.MaxTagValueLength, stored.Length);
        Assert.EndsWith("...", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_first_end_counts()
    {
        var run = Start();

        run.End(RunStatus.Failed, "first");
        run.End(RunStatus.Killed, "second");
        run.Dispose();

        Assert.Equal(RunStatus.Failed, _store.GetRun(run.Id).Status);
        Assert.Equal("first", _store.GetRunData(run.Id).Tags[SystemTags.FailureReason]);
    }

    [Fact]
    public void A_run_cannot_end_running()
    {
        using var run = Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => run.End(RunStatus.Running));

        Assert.Equal(RunStatus.Running, _store.GetRun(run.Id).Status);
    }

    [Fact]
    public void A_run_another_process_already_ended_keeps_that_status()
    {
        var run = Start();
        _store.TryEndRun(run.Id, RunStatus.Running, RunStatus.Failed, 1);

        run.Dispose();

        Assert.Equal(RunStatus.Failed, _store.GetRun(run.Id).Status);
    }

    // --- attached runs ---

    [Fact]
    public void An_attached_run_exposes_the_params_and_seed_passed_and_logs_into_that_run_without_ending_it()
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial-3", _clock.NowMs, 1234, null, new RunOwner("host", 1, 1)));
        var environment = new Dictionary<string, string>
        {
            [RunEnvironment.RunId] = wrapped.Id.Value,
            [RunEnvironment.Store] = "sqlite:/not/used/because/a/store/is/given.db",
            [RunEnvironment.Seed] = "1234",
            [RunEnvironment.Params] = """{"lr": "0.01", "layers": "3"}""",
        };

        var run = Start(new RunOptions { EnvironmentReader = environment.GetValueOrDefault, Seed = 99, Experiment = "ignored" });
        run.LogMetric("loss", 0.25, 4);
        run.LogParam("batch", "32");
        run.Dispose();

        Assert.True(run.IsAttached);
        Assert.Equal(wrapped.Id, run.Id);
        Assert.Equal(1234UL, run.Seed);
        Assert.Equal("0.01", run.Params["lr"]);
        Assert.Equal("3", run.Params["layers"]);
        var stored = _store.GetRun(wrapped.Id);
        Assert.Equal(RunStatus.Running, stored.Status);
        Assert.Null(stored.EndTimeMs);
        Assert.Equal(0.25, Assert.Single(_store.GetMetricHistory(wrapped.Id, "loss")).Value);
        Assert.Equal("32", _store.GetRunData(wrapped.Id).Params["batch"]);
        Assert.Single(_store.SearchRuns(new RunQuery()));
    }

    [Fact]
    public void Under_a_wrapper_the_run_is_found_in_the_store_the_wrapper_names_not_the_one_configured()
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial", _clock.NowMs, 5, null, null));
        var provider = new SingleStoreProvider(_store);
        var environment = new Dictionary<string, string>
        {
            [RunEnvironment.RunId] = wrapped.Id.Value,
            [RunEnvironment.Store] = "memory:wrapper-store",
        };

        var run = Run.Start(new RunOptions
        {
            StoreUri = "memory:configured-store",
            Registry = new StoreRegistry().Register(provider),
            EnvironmentReader = environment.GetValueOrDefault,
            HandleProcessEvents = false,
        });
        run.Dispose();

        Assert.Equal(["wrapper-store"], provider.Opened);
        Assert.Equal(wrapped.Id, run.Id);
    }

    [Fact]
    public void An_attached_run_cannot_change_a_param_passed_to_it()
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial", _clock.NowMs, 1, null, null));
        var environment = new Dictionary<string, string>
        {
            [RunEnvironment.RunId] = wrapped.Id.Value,
            [RunEnvironment.Params] = JsonSerializer.Serialize(new Dictionary<string, string> { ["lr"] = "0.01" }),
        };
        using var run = Start(new RunOptions { EnvironmentReader = environment.GetValueOrDefault });

        var error = Assert.Throws<InvalidRunDataException>(() => run.LogParam("lr", "0.1"));

        Assert.Contains("'0.01'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_end_of_an_attached_run_leaves_the_status_to_the_wrapper_but_records_the_reason()
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial", _clock.NowMs, 1, null, null));
        var run = Start(new RunOptions { EnvironmentReader = name => name == RunEnvironment.RunId ? wrapped.Id.Value : null });

        run.End(RunStatus.Failed, "diverged");

        Assert.Equal(RunStatus.Running, _store.GetRun(wrapped.Id).Status);
        Assert.Equal("diverged", _store.GetRunData(wrapped.Id).Tags[SystemTags.FailureReason]);
    }

    [Fact]
    public void With_attaching_turned_off_a_new_run_is_started_even_under_a_wrapper()
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial", _clock.NowMs, 1, null, null));

        using var run = Start(new RunOptions
        {
            AttachToEnvironment = false,
            EnvironmentReader = name => name == RunEnvironment.RunId ? wrapped.Id.Value : null,
        });

        Assert.False(run.IsAttached);
        Assert.NotEqual(wrapped.Id, run.Id);
    }

    [Fact]
    public void Attaching_to_a_run_that_does_not_exist_fails_with_run_not_found()
    {
        var missing = RunId.New();

        var error = Assert.Throws<RunNotFoundException>(() =>
            Start(new RunOptions { EnvironmentReader = name => name == RunEnvironment.RunId ? missing.Value : null }));

        Assert.Equal(missing.Value, error.Reference);
    }

    [Fact]
    public void Attaching_with_a_malformed_run_id_fails_with_invalid_run_data()
    {
        Assert.Throws<InvalidRunDataException>(() =>
            Start(new RunOptions { EnvironmentReader = name => name == RunEnvironment.RunId ? "not-a-run-id" : null }));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"lr": 0.01}""")]
    [InlineData("""["lr"]""")]
    public void Attaching_with_malformed_params_fails_with_a_clear_invalid_run_data_error(string passed)
    {
        var wrapped = _store.CreateRun(new NewRun(RunId.New(), "sweep", "trial", _clock.NowMs, 1, null, null));
        var environment = new Dictionary<string, string>
        {
            [RunEnvironment.RunId] = wrapped.Id.Value,
            [RunEnvironment.Params] = passed,
        };

        var error = Assert.Throws<InvalidRunDataException>(() => Start(new RunOptions { EnvironmentReader = environment.GetValueOrDefault }));

        Assert.Contains(RunEnvironment.Params, error.Message, StringComparison.Ordinal);
    }

    private sealed class SingleStoreProvider(IRunStore store) : IRunStoreProvider
    {
        public List<string> Opened { get; } = [];

        public IReadOnlyList<string> Schemes { get; } = ["memory"];

        public IRunStore Open(StoreLocation location)
        {
            Opened.Add(location.Path);
            return store;
        }

        public IRunStore Create(StoreLocation location) => store;
    }
}
