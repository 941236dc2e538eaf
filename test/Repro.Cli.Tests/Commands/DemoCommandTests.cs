using Repro.Artifacts;
using Repro.Cli.Demo;
using Repro.Cli.Tests.Support;
using Repro.Evaluation;
using Repro.Profiling;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Tests.Commands;

public sealed class DemoCommandTests(DemoRuns demos) : IClassFixture<DemoRuns>
{
    [Fact]
    public void Without_a_store_the_demo_creates_one_here_and_ends_its_run_finished()
    {
        var result = demos.Text;

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal($"No Repro store found here or above; created {demos.Cli.StoreLocation.Uri}", result.OutputLines[0]);
        var (original, replay) = OriginalAndReplay("demo");
        Assert.Equal(RunStatus.Finished, original.Status);
        Assert.Equal(DemoSettings.DefaultSeed, original.Seed);
        Assert.Equal(RunStatus.Finished, replay.Status);
        Assert.Equal(original.Seed, replay.Seed);
    }

    [Fact]
    public void The_training_is_a_replayable_child_run_of_repro_itself()
    {
        var (original, _) = OriginalAndReplay("demo");

        using var store = demos.Cli.OpenStore();
        var tags = store.GetRunData(original.Id).Tags;
        var command = System.Text.Json.JsonSerializer.Deserialize<string[]>(tags[SystemTags.Command])!;
        Assert.Equal(["demo", "train"], command[^2..]);
        Assert.Equal("0", tags[SystemTags.ExitCode]);
    }

    [Fact]
    public void The_run_records_the_dataset_the_split_and_the_settings()
    {
        var (original, _) = OriginalAndReplay("demo");

        using var store = demos.Cli.OpenStore();
        var data = store.GetRunData(original.Id);
        Assert.Contains("\"rows\":3000", data.Tags["repro.dataset.spirals"], StringComparison.Ordinal);
        Assert.Contains("\"fingerprint\":\"blake3:", data.Tags["repro.dataset.spirals"], StringComparison.Ordinal);
        Assert.Contains("\"method\":\"hash\"", data.Tags["repro.split.spirals"], StringComparison.Ordinal);
        Assert.Contains("\"name\":\"test\"", data.Tags["repro.split.spirals"], StringComparison.Ordinal);
        Assert.Equal("12", data.Params["epochs"]);
        Assert.Equal("1", data.Params["torch.threads"]);
        Assert.Equal("cpu", data.Params["torch.device"]);
        Assert.True(data.Params.ContainsKey("seed.torch/init"));
        // The data is also an artifact the run used, so the checkpoint's lineage leads back to it.
        var input = Assert.Single(ArtifactRepository.Open(store).Catalog.InputsOf(original.Id));
        Assert.Equal("dataset/spirals:v1", input.Label);
        Assert.Equal(original.Id, input.ProducerRun);
    }

    [Fact]
    public void The_run_has_data_train_and_evaluate_phases_and_per_epoch_metrics()
    {
        var (original, _) = OriginalAndReplay("demo");

        using var store = demos.Cli.OpenStore();
        var profile = RunProfile.Load(store, original.Id)!;
        Assert.Equal(["data", "train", "evaluate"], profile.Phases.Where(p => p.Depth == 0).Select(p => p.Name));
        foreach (var key in new[] { "train_loss", "val_loss", "val_accuracy" })
        {
            Assert.Equal(Enumerable.Range(1, 12).Select(e => (long)e), store.GetMetricHistory(original.Id, key).Select(p => p.Step));
        }

        var validationLoss = store.GetMetricHistory(original.Id, "val_loss");
        Assert.True(validationLoss[^1].Value < validationLoss[0].Value / 2, $"val_loss {validationLoss[0].Value} -> {validationLoss[^1].Value}: the model did not learn");
    }

    [Fact]
    public void The_test_fold_is_evaluated_with_intervals_and_its_predictions_are_logged()
    {
        var (original, _) = OriginalAndReplay("demo");

        using var store = demos.Cli.OpenStore();
        var metrics = store.GetRunData(original.Id).LatestMetrics;
        foreach (var name in DemoSettings.TestMetrics)
        {
            var (value, low, high) = (metrics[$"test_{name}"].Value, metrics[$"test_{name}_ci_low"].Value, metrics[$"test_{name}_ci_high"].Value);
            Assert.True(low <= value && value <= high && low < high, $"{name}: {value} outside [{low}, {high}]");
        }

        var predictions = RunPredictions.LoadPredictions(store, original.Id);
        Assert.Equal(PredictionTask.Binary, predictions.Task);
        Assert.InRange(predictions.Count, 250, 350);
        Assert.Equal(metrics["test_accuracy"].Value, MetricCatalog.Compute("accuracy", predictions));
        Assert.InRange(metrics["test_accuracy"].Value, 0.85, 1.0);
    }

    [Fact]
    public void The_run_produces_a_checkpoint_artifact_that_the_replay_reproduces()
    {
        var (original, replay) = OriginalAndReplay("demo");

        using var store = demos.Cli.OpenStore();
        var version = Assert.Single(ArtifactRepository.Open(store).Catalog.ListVersions(null), v => v.Name.Kind == "checkpoint");
        Assert.Equal($"checkpoint/{DemoSettings.CheckpointName}", version.Name.ToString());
        Assert.Equal(original.Id, version.ProducerRun);
        var tags = store.GetRunData(original.Id).Tags;
        Assert.Equal(version.Label, tags[DemoSettings.CheckpointTag]);
        Assert.Equal(version.Digest, tags[DemoSettings.CheckpointDigestTag]);
        Assert.Equal(version.Digest, store.GetRunData(replay.Id).Tags[DemoSettings.CheckpointDigestTag]);
    }

    [Fact]
    public void The_demo_replays_its_run_identical_and_says_what_to_type_next()
    {
        var result = demos.Text;

        var (original, replay) = OriginalAndReplay("demo");
        var (shortId, replayId) = (original.Id.Value[..8], replay.Id.Value[..8]);
        using (var store = demos.Cli.OpenStore())
        {
            Assert.Equal(original.Id.Value, store.GetRunData(replay.Id).Tags[SystemTags.ReplayOf]);
        }

        Assert.Contains(result.OutputLines, l => l.StartsWith("epoch  1/12  train_loss ", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.StartsWith("epoch 12/12  train_loss ", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.StartsWith($"IDENTICAL: replay {replayId} of run {shortId} ", StringComparison.Ordinal));
        Assert.Contains("  environment drift: none", result.OutputLines);
        var next = result.OutputLines.SkipWhile(l => l != "Next:").Skip(1).Select(l => l.Trim()).ToList();
        foreach (var command in new[] { $"repro runs show {shortId}", $"repro env show {shortId}", "repro artifacts lineage checkpoint/demo-mlp", $"repro profile {shortId}", "repro demo --seed 7" })
        {
            Assert.Contains(next, l => l.StartsWith(command + " ", StringComparison.Ordinal));
        }

        Assert.Contains(next, l => l.Contains($"repro compare {shortId} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_demos_with_the_same_seed_log_bit_identical_metrics_and_checkpoints()
    {
        var (first, _) = OriginalAndReplay("demo");
        var (second, _) = OriginalAndReplay("demo-json");

        using var store = demos.Cli.OpenStore();
        var (a, b) = (ModelPoints(store, first.Id), ModelPoints(store, second.Id));
        Assert.Equal(3 * 12 + (3 * DemoSettings.TestMetrics.Count), a.Count);
        Assert.Equal(a, b);
        Assert.Equal(store.GetRunData(first.Id).Params, store.GetRunData(second.Id).Params);
        Assert.Equal(store.GetRunData(first.Id).Tags[DemoSettings.CheckpointDigestTag], store.GetRunData(second.Id).Tags[DemoSettings.CheckpointDigestTag]);
    }

    [Fact]
    public void Json_prints_only_the_summary_object()
    {
        var result = demos.Json;

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var json = result.Json();
        Assert.Equal(
            ["run_id", "experiment", "seed", "store", "created_store", "epochs", "test", "checkpoint", "replay"],
            json.EnumerateObject().Select(p => p.Name));
        var (original, replay) = OriginalAndReplay("demo-json");
        Assert.Equal(original.Id.Value, json.GetProperty("run_id").GetString());
        Assert.Equal("demo-json", json.GetProperty("experiment").GetString());
        Assert.Equal("42", json.GetProperty("seed").GetString());
        Assert.Equal(demos.Cli.StoreLocation.Uri, json.GetProperty("store").GetString());
        Assert.False(json.GetProperty("created_store").GetBoolean());
        Assert.Equal(12, json.GetProperty("epochs").GetInt32());

        var test = json.GetProperty("test");
        Assert.Equal(["rows", "level", "resamples", "metrics"], test.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.95, test.GetProperty("level").GetDouble());
        Assert.Equal(1000, test.GetProperty("resamples").GetInt32());
        Assert.Equal(DemoSettings.TestMetrics, test.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        using var store = demos.Cli.OpenStore();
        var metrics = store.GetRunData(original.Id).LatestMetrics;
        var accuracy = test.GetProperty("metrics")[0];
        Assert.Equal(["name", "value", "ci_low", "ci_high"], accuracy.EnumerateObject().Select(p => p.Name));
        Assert.Equal(metrics["test_accuracy"].Value, accuracy.GetProperty("value").GetDouble());
        Assert.Equal(metrics["test_accuracy_ci_low"].Value, accuracy.GetProperty("ci_low").GetDouble());
        Assert.Equal(RunPredictions.LoadPredictions(store, original.Id).Count, test.GetProperty("rows").GetInt32());

        var checkpoint = json.GetProperty("checkpoint");
        Assert.Equal("checkpoint/demo-mlp:v1", checkpoint.GetProperty("name").GetString());
        Assert.StartsWith("blake3:", checkpoint.GetProperty("digest").GetString(), StringComparison.Ordinal);
        var replayJson = json.GetProperty("replay");
        Assert.Equal(replay.Id.Value, replayJson.GetProperty("run_id").GetString());
        Assert.Equal("IDENTICAL", replayJson.GetProperty("verdict").GetString());
        // The training's epochs went to stderr, not into the JSON.
        Assert.Contains("epoch 12/12", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("18446744073709551616")]
    [InlineData("1.5")]
    public void An_invalid_seed_is_one_clear_error_line_and_creates_nothing(string seed)
    {
        using var cli = new CliHarness();

        var result = cli.Run("demo", "--seed", seed);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"repro: error: Invalid --seed '{seed}': expected a whole number from 0 to 18446744073709551615.", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
        Assert.False(Directory.Exists(Path.Combine(cli.Folder, ".repro")));
    }

    [Fact]
    public void An_invalid_experiment_name_fails_the_demo_with_one_line_and_records_no_run()
    {
        using var cli = new CliHarness().Init();

        var result = cli.Run("demo", "--experiment", "bad\u0001name");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("control characters are not allowed", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        using var store = cli.OpenStore();
        Assert.Empty(store.SearchRuns(new RunQuery()));
    }

    [Fact]
    public void The_training_half_alone_says_to_run_the_demo()
    {
        using var cli = new CliHarness().Init();

        var result = cli.Run("demo", "train");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("type 'repro demo'", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        using var store = cli.OpenStore();
        Assert.Empty(store.SearchRuns(new RunQuery()));
    }

    [Fact]
    public void Help_teaches_what_the_demo_shows_and_hides_the_training_half()
    {
        using var cli = new CliHarness();

        var result = cli.Run("demo", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var idea in new[] { "hash split", "checkpoint artifact", "bootstrap interval", "replayed", "IDENTICAL", "repro compare", "--seed", "--json" })
        {
            Assert.Contains(idea, result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("REPRO_RUN_ID", result.Output, StringComparison.Ordinal);
    }

    private (RunInfo Original, RunInfo Replay) OriginalAndReplay(string experiment)
    {
        var runs = demos.RunsOf(experiment);
        Assert.Equal(2, runs.Count);
        using var store = demos.Cli.OpenStore();
        var replay = Assert.Single(runs, r => store.GetRunData(r.Id).Tags.ContainsKey(SystemTags.ReplayOf));
        return (Assert.Single(runs, r => r != replay), replay);
    }

    /// <summary>Every metric point except the sampled system/ series, which differ on every run.</summary>
    private static List<(string Key, long Step, long Bits)> ModelPoints(IRunStore store, RunId id) =>
        [.. store.GetMetricKeys(id)
            .Where(key => !key.StartsWith("system/", StringComparison.Ordinal))
            .SelectMany(key => store.GetMetricHistory(id, key).Select(p => (key, p.Step, BitConverter.DoubleToInt64Bits(p.Value))))];
}
