using Microsoft.ML.Trainers;
using Repro.Artifacts;
using Repro.MLNet.Tests.Support;
using Repro.Storage;

namespace Repro.MLNet.Tests;

public sealed class TrackedMLContextModelsTests : IDisposable
{
    private readonly TrackedRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public void A_saved_model_is_an_artifact_that_loads_back_with_the_same_predictions()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var data = SyntheticRows.Binary(ml.Context);
        var model = ml.Fit(ml.LbfgsLogisticRegression(), data);

        var info = ml.SaveModel(model, data.Schema, "model/churn", "candidate");
        var loaded = ml.LoadModel("model/churn@candidate", out var schema);

        Assert.Equal("model/churn:v1", info.Label);
        Assert.Matches("^blake3:[0-9a-f]{64}$", info.Digest);
        Assert.False(info.IsDirectory);
        Assert.Equal(data.Schema["Features"].Type, schema["Features"].Type);
        Assert.Equal(ModelOutputs.ScoreBits(model, data), ModelOutputs.ScoreBits(loaded, data));
        Assert.Equal(ModelOutputs.ScoreBits(model, data, "Probability"), ModelOutputs.ScoreBits(loaded, data, "Probability"));
    }

    [Fact]
    public void The_same_model_saved_again_has_the_same_digest_and_stays_one_version()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var data = SyntheticRows.Binary(ml.Context);
        var model = ml.Fit(ml.SgdCalibrated(), data);
        var first = ml.SaveModel(model, data.Schema, "model/churn");
        using var again = _runs.Start(seed: 42);
        var retrained = TrackedMLContext.Create(again);
        var sameData = SyntheticRows.Binary(retrained.Context); // ML.NET seeds each component from the context in call order

        var second = retrained.SaveModel(retrained.Fit(retrained.SgdCalibrated(), sameData), sameData.Schema, "model/churn");

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(1, second.Version);
        Assert.False(second.Created);
    }

    [Fact]
    public void Loading_a_model_records_the_run_as_its_consumer()
    {
        using var producer = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(producer);
        var data = SyntheticRows.Binary(ml.Context);
        ml.SaveModel(ml.Fit(ml.LbfgsLogisticRegression(), data), data.Schema, "model/churn");
        using var consumer = _runs.Start(seed: 7);

        TrackedMLContext.Create(consumer).LoadModel("model/churn", out _);

        var catalog = (IArtifactCatalog)_runs.Store;
        Assert.Equal([consumer.Id], catalog.Consumers(ArtifactName.Parse("model/churn"), 1));
    }

    [Fact]
    public void A_model_whose_stored_bytes_changed_is_refused_naming_both_digests()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var data = SyntheticRows.Binary(ml.Context);
        var info = ml.SaveModel(ml.Fit(ml.LbfgsLogisticRegression(), data), data.Schema, "model/churn");
        var objectPath = ObjectStore.For(StoreLocation.Parse(_runs.Store.Uri, Path.GetTempPath())).PathOf(info.Digest);
        var bytes = File.ReadAllBytes(objectPath);
        bytes[bytes.Length / 2] ^= 0x01;
        File.SetAttributes(objectPath, FileAttributes.Normal);
        File.WriteAllBytes(objectPath, bytes);

        var error = Assert.Throws<ArtifactIntegrityException>(() => ml.LoadModel("model/churn", out _));

        Assert.Equal(info.Digest, error.ExpectedDigest);
        Assert.NotEqual(info.Digest, error.ActualDigest);
        Assert.Contains(info.Digest, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.ActualDigest, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_artifact_that_is_not_a_model_is_refused_with_a_clear_error()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var notes = Path.Combine(Path.GetTempPath(), $"repro-mlnet-notes-{run.Id.Value}.txt");
        File.WriteAllText(notes, "not a model");
        try
        {
            run.LogArtifact(notes, "other/notes");
        }
        finally
        {
            File.Delete(notes);
        }

        var error = Assert.Throws<ArtifactException>(() => ml.LoadModel("other/notes", out _));

        Assert.Contains("is not an ML.NET model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_on_data_without_rows_fails_with_a_clear_error()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var empty = ml.Context.Data.LoadFromEnumerable(Array.Empty<SyntheticRows.BinaryRow>());

        var error = Assert.Throws<MLNetDataException>(() => ml.Fit(ml.LbfgsLogisticRegression(), empty));

        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_with_a_label_column_the_data_lacks_fails_naming_the_columns_it_has()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var data = SyntheticRows.Binary(ml.Context);
        var trainer = ml.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = "Churned" });

        var error = Assert.Throws<MLNetDataException>(() => ml.Fit(trainer, data));

        Assert.Contains("'Churned'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Label' (Boolean)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Features' (Vector<Single, 4>)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_with_a_label_of_the_wrong_type_fails_with_a_clear_error()
    {
        using var run = _runs.Start(seed: 42);
        var ml = TrackedMLContext.Create(run);
        var data = SyntheticRows.Counts(ml.Context);

        var error = Assert.Throws<MLNetDataException>(() => ml.Fit(ml.LbfgsLogisticRegression(), data));

        Assert.Contains("Label", error.Message, StringComparison.Ordinal);
        Assert.Contains("Boolean", error.Message, StringComparison.Ordinal);
    }
}
