using Repro.Artifacts;
using Repro.Randomness;
using Repro.TorchSharp.Checkpoints;
using Repro.TorchSharp.Data;
using Repro.TorchSharp.Tests.Support;
using Repro.Tracking;
using TorchSharp;

namespace Repro.TorchSharp.Tests.Checkpoints;

public sealed class TorchCheckpointTests : IDisposable
{
    private const int Epochs = 4;
    private const int Features = 4;
    private const int Classes = 3;

    private readonly TempRunStore _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData(2, 0)]
    [InlineData(1, 3)]
    public void Resuming_from_a_checkpoint_in_a_fresh_model_and_optimiser_matches_training_straight_through_bit_for_bit(int stopEpoch, int stopBatch)
    {
        List<float> straightLosses;
        float[] straightParameters;
        using (var run = Prepare())
        using (var training = new Training(run))
        {
            straightLosses = training.Train(TrainingPosition.Start, (Epochs, 0), out _);
            straightParameters = Parameters(training.Model);
        }

        List<float> firstPart;
        using (var run = Prepare())
        using (var training = new Training(run))
        {
            firstPart = training.Train(TrainingPosition.Start, (stopEpoch, stopBatch), out var reached);
            TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, reached);
        }

        List<float> secondPart;
        float[] resumedParameters;
        RestoredCheckpoint restored;
        using (var run = Prepare())
        using (var training = new Training(run, initPath: "torch/another-init"))
        {
            restored = TorchCheckpoint.Load(run, "checkpoint/mlp", training.Model, training.Optimizer);
            secondPart = training.Train(restored.Position, (Epochs, 0), out _);
            resumedParameters = Parameters(training.Model);
        }

        Assert.Equal(new TrainingPosition(stopEpoch, stopBatch, firstPart.Count), restored.Position);
        Assert.True(restored.RestoredOptimizer);
        Assert.Equal(Bits(straightLosses), Bits([.. firstPart, .. secondPart]));
        Assert.Equal(Bits(straightParameters), Bits(resumedParameters));
    }

    [Fact]
    public void The_same_state_makes_the_same_checkpoint_bytes()
    {
        using var run = Prepare();
        using var training = new Training(run);

        var first = TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, TrainingPosition.Start);
        var second = TorchCheckpoint.Save(run, "checkpoint/mlp", training.Model, training.Optimizer, TrainingPosition.Start);

        Assert.Equal("checkpoint/mlp", first.Name);
        Assert.True(first.Created);
        Assert.Equal(first.Digest, second.Digest);
        Assert.False(second.Created);
    }

    [Fact]
    public void A_tampered_checkpoint_is_refused_naming_both_digests_and_the_model_is_left_alone()
    {
        using var run = Prepare();
        using var training = new Training(run);
        var saved = TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, TrainingPosition.Start);
        FlipByteOf(saved.Digest);
        using var fresh = new Training(run, initPath: "torch/another-init");
        var before = Parameters(fresh.Model);

        var error = Assert.Throws<ArtifactIntegrityException>(() => TorchCheckpoint.Load(run, "checkpoint/mlp", fresh.Model, fresh.Optimizer));

        Assert.Equal(saved.Digest, error.ExpectedDigest);
        Assert.NotEqual(saved.Digest, error.ActualDigest);
        Assert.Contains(error.ExpectedDigest, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.ActualDigest, error.Message, StringComparison.Ordinal);
        Assert.Equal(Bits(before), Bits(Parameters(fresh.Model)));
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused_naming_the_parameter_that_differs()
    {
        using var run = Prepare();
        using var training = new Training(run);
        TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, TrainingPosition.Start);
        using var wider = new Training(run, hidden: 32);
        var before = Parameters(wider.Model);

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpoint.Load(run, "checkpoint/mlp", wider.Model, wider.Optimizer));

        Assert.Equal("0.weight", error.Parameter);
        Assert.Contains("'0.weight' is [16, 4] Float32 in the checkpoint and [32, 4] Float32 in the model", error.Message, StringComparison.Ordinal);
        Assert.Equal(Bits(before), Bits(Parameters(wider.Model)));
    }

    [Fact]
    public void A_model_with_a_parameter_the_checkpoint_lacks_is_refused_naming_it()
    {
        using var run = Prepare();
        using var training = new Training(run);
        TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, TrainingPosition.Start);
        using var deeper = new Training(run, extraLayer: true);

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpoint.Load(run, "checkpoint/mlp", deeper.Model, deeper.Optimizer));

        Assert.Equal("4.weight", error.Parameter);
        Assert.Contains("the model's '4.weight' [3, 3] is not in the checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimiser_state_of_another_type_is_refused()
    {
        using var run = Prepare();
        using var training = new Training(run);
        TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, TrainingPosition.Start);
        using var model = Training.Build(hidden: 16, extraLayer: false);
        using var sgd = torch.optim.SGD(model.parameters(), 0.1);

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpoint.Load(run, "checkpoint/mlp", model, sgd));

        Assert.Contains("holds Adam state, which does not fit a SGD optimiser", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_alone_can_be_restored_without_an_optimiser()
    {
        using var run = Prepare();
        using var training = new Training(run);
        training.Train(TrainingPosition.Start, (1, 0), out var reached);
        TorchCheckpoint.Save(run, "mlp", training.Model, training.Optimizer, reached);
        using var model = Training.Build(hidden: 16, extraLayer: false);

        var restored = TorchCheckpoint.Load(run, "checkpoint/mlp:v1", model);

        Assert.False(restored.RestoredOptimizer);
        Assert.Equal("checkpoint/mlp:v1", restored.Artifact.Label);
        Assert.Equal(Bits(Parameters(training.Model)), Bits(Parameters(model)));
    }

    private Run Prepare()
    {
        var run = _store.StartRun(seed: 2024);
        TorchThreads.Pin(run);
        return run;
    }

    private void FlipByteOf(string digest)
    {
        var hex = digest["blake3:".Length..];
        var path = Path.Combine(_store.ObjectsFolder, hex[..2], hex[2..]);
        if (!OperatingSystem.IsWindows())
        {
            // Stored objects are read-only.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static float[] Parameters(torch.nn.Module model) =>
        [.. model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];

    private static int[] Bits(IEnumerable<float> values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>A small classifier with dropout, Adam, and a seeded synthetic data set.</summary>
    private sealed class Training : IDisposable
    {
        private readonly Run _run;
        private readonly EpochDataLoader _loader;

        public Training(Run run, string initPath = "torch/init", int hidden = 16, bool extraLayer = false)
        {
            _run = run;
            TorchRandom.Seed(run, initPath);
            Model = Build(hidden, extraLayer);
            Optimizer = torch.optim.Adam(Model.parameters(), 0.01);
            TorchRandom.Seed(run, "torch/train");
            _loader = Data(run.Seed);
        }

        public torch.nn.Module<torch.Tensor, torch.Tensor> Model { get; }

        public torch.optim.Optimizer Optimizer { get; }

        public static torch.nn.Module<torch.Tensor, torch.Tensor> Build(int hidden, bool extraLayer)
        {
            var layers = new List<torch.nn.Module<torch.Tensor, torch.Tensor>>
            {
                torch.nn.Linear(Features, hidden), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(hidden, Classes),
            };
            if (extraLayer)
            {
                layers.Add(torch.nn.Linear(Classes, Classes));
            }

            return torch.nn.Sequential(layers);
        }

        /// <summary>Trains from <paramref name="from"/> up to, not including, batch <paramref name="until"/>; returns the loss of every step.</summary>
        public List<float> Train(TrainingPosition from, (int Epoch, int Batch) until, out TrainingPosition reached)
        {
            Model.train();
            var losses = new List<float>();
            var step = from.Step;
            for (var epoch = from.Epoch; epoch <= until.Epoch; epoch++)
            {
                foreach (var batch in _loader.Batches(epoch, epoch == from.Epoch ? from.Batch : 0))
                {
                    using var scope = torch.NewDisposeScope();
                    using (batch)
                    {
                        if ((epoch, batch.Index) == until)
                        {
                            reached = new TrainingPosition(epoch, batch.Index, step);
                            return losses;
                        }

                        Optimizer.zero_grad();
                        var loss = torch.nn.functional.cross_entropy(Model.call(batch[0]), batch[1]);
                        loss.backward();
                        Optimizer.step();
                        losses.Add(loss.item<float>());
                        step++;
                    }
                }
            }

            reached = new TrainingPosition(until.Epoch, until.Batch, step);
            return losses;
        }

        public void Dispose()
        {
            _loader.Dispose();
            Optimizer.Dispose();
            Model.Dispose();
        }

        private static EpochDataLoader Data(ulong seed)
        {
            const int examples = 64;
            var stream = new RandomStream(seed, "data");
            var features = new float[examples * Features];
            var labels = new long[examples];
            for (var i = 0; i < examples; i++)
            {
                for (var f = 0; f < Features; f++)
                {
                    features[(i * Features) + f] = (float)((stream.NextDouble() * 2) - 1);
                }

                var score = features[i * Features] + features[(i * Features) + 1] - features[(i * Features) + 2];
                labels[i] = score < -0.3f ? 0 : score < 0.3f ? 1 : 2;
            }

            return EpochDataLoader.FromArrays("train", seed, features, Features, labels, new DataLoaderOptions { BatchSize = 8 });
        }
    }
}
