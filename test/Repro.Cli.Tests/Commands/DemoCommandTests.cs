using Repro.Cli.Tests.Support;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Without_a_store_the_demo_creates_one_here_and_records_a_finished_run()
    {
        var result = _cli.Run("demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"No Repro store found here or above; created {_cli.StoreLocation.Uri}", result.OutputLines[0]);
        Assert.True(File.Exists(_cli.StoreLocation.Path));
        using var store = _cli.OpenStore();
        var run = Assert.Single(store.SearchRuns(new RunQuery()));
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal("demo", run.ExperimentName);
        Assert.Equal(42UL, run.Seed);
        var data = store.GetRunData(run.Id);
        Assert.Equal(["batch_size", "epochs", "lr", "n_features", "n_samples", "validation_fraction"], data.Params.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["train_loss", "val_accuracy", "val_loss"], store.GetMetricKeys(run.Id));
        Assert.Equal(1000, store.GetMetricHistory(run.Id, "train_loss").Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(e => (long)e), store.GetMetricHistory(run.Id, "val_loss").Select(p => p.Step));
    }

    [Fact]
    public void The_demo_reports_each_epoch_and_says_what_to_type_next()
    {
        _cli.Init();

        var result = _cli.Run("demo");

        Assert.Equal(0, result.ExitCode);
        using var store = _cli.OpenStore();
        var shortId = store.SearchRuns(new RunQuery())[0].Id.Value[..8];
        Assert.StartsWith($"Run {shortId} in experiment 'demo', seed 42", result.OutputLines[0], StringComparison.Ordinal);
        var epochs = result.OutputLines.Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, epochs.Count);
        Assert.StartsWith("epoch  1/20  train_loss ", epochs[0], StringComparison.Ordinal);
        Assert.StartsWith("epoch 20/20  train_loss ", epochs[^1], StringComparison.Ordinal);
        Assert.Contains(result.OutputLines, l => l.Contains($"repro runs show {shortId}", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("repro runs list", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("repro run -- <your command>", StringComparison.Ordinal));
        Assert.DoesNotContain("created", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void The_demo_learns_something()
    {
        _cli.Init();

        _cli.Run("demo");

        using var store = _cli.OpenStore();
        var id = store.SearchRuns(new RunQuery())[0].Id;
        var validationLoss = store.GetMetricHistory(id, "val_loss");
        var accuracy = store.GetRunData(id).LatestMetrics["val_accuracy"].Value;
        Assert.True(validationLoss[^1].Value < validationLoss[0].Value * 0.8, $"val_loss {validationLoss[0].Value} -> {validationLoss[^1].Value}");
        Assert.InRange(accuracy, 0.75, 0.95);
    }

    [Fact]
    public void Two_demos_with_the_same_seed_log_bit_identical_metrics()
    {
        _cli.Init();

        Assert.Equal(0, _cli.Run("demo", "--seed", "7").ExitCode);
        Assert.Equal(0, _cli.Run("demo", "--seed", "7").ExitCode);
        Assert.Equal(0, _cli.Run("demo", "--seed", "8").ExitCode);

        using var store = _cli.OpenStore();
        var runs = store.SearchRuns(new RunQuery { OrderBy = [RunOrder.Parse("start_time ASC")] });
        var (first, second, other) = (Points(store, runs[0].Id), Points(store, runs[1].Id), Points(store, runs[2].Id));
        Assert.Equal(1040, first.Count);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(store.GetRunData(runs[0].Id).Params, store.GetRunData(runs[1].Id).Params);
    }

    [Fact]
    public void Experiment_and_seed_options_are_recorded()
    {
        _cli.Init();

        var result = _cli.Run("demo", "--experiment", "my-demo", "--seed", "18446744073709551615");

        Assert.Equal(0, result.ExitCode);
        using var store = _cli.OpenStore();
        var run = Assert.Single(store.SearchRuns(new RunQuery { ExperimentNames = ["my-demo"] }));
        Assert.Equal(ulong.MaxValue, run.Seed);
    }

    [Fact]
    public void Under_repro_run_the_demo_reports_into_the_wrapping_run_and_uses_its_seed()
    {
        _cli.Init();
        var wrapping = _cli.CreateRun(experiment: "wrapped", seed: 7, status: RunStatus.Running);
        _cli.Variables[RunEnvironment.RunId] = wrapping.Value;
        _cli.Variables[RunEnvironment.Store] = _cli.StoreLocation.Uri;

        var result = _cli.Run("demo", "--seed", "99");

        Assert.Equal(0, result.ExitCode);
        using var store = _cli.OpenStore();
        var run = Assert.Single(store.SearchRuns(new RunQuery()));
        Assert.Equal(wrapping, run.Id);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(1000, store.GetMetricHistory(wrapping, "train_loss").Count);
        Assert.Contains("seed 7", result.OutputLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_prints_only_a_summary_object()
    {
        var result = _cli.Run("demo", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal(
            ["run_id", "experiment", "seed", "store", "created_store", "epochs", "val_loss", "val_accuracy"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("42", json.GetProperty("seed").GetString());
        Assert.True(json.GetProperty("created_store").GetBoolean());
        Assert.Equal(20, json.GetProperty("epochs").GetInt32());
        Assert.Contains("created", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        using var store = _cli.OpenStore();
        Assert.Equal(store.SearchRuns(new RunQuery())[0].Id.Value, json.GetProperty("run_id").GetString());
    }

    [Fact]
    public void An_invalid_seed_is_a_usage_error_and_creates_nothing()
    {
        var result = _cli.Run("demo", "--seed", "-1");

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.Error);
        Assert.False(Directory.Exists(Path.Combine(_cli.Folder, ".repro")));
    }

    [Fact]
    public void An_invalid_experiment_name_fails_the_demo_with_one_line_and_records_no_run()
    {
        _cli.Init();

        var result = _cli.Run("demo", "--experiment", "bad\u0001name");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("control characters are not allowed", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        using var store = _cli.OpenStore();
        Assert.Empty(store.SearchRuns(new RunQuery()));
    }

    private static List<(string Key, long Step, long Bits)> Points(IRunStore store, RunId id) =>
        [.. store.GetMetricKeys(id).SelectMany(key => store.GetMetricHistory(id, key).Select(p => (key, p.Step, BitConverter.DoubleToInt64Bits(p.Value))))];
}
