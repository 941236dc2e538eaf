// Sample 05: pre-train an MLP on task A, then adapt it to a related task B twice, with LoRA (a trainable rank-r
// update beside each frozen weight) and with full fine-tuning, and compare what each costs and keeps. See README.md.
using Repro.Randomness;
using Repro.Storage.Sqlite;
using Repro.TorchSharp;
using Repro.TorchSharp.Data;
using Repro.TorchSharp.Lora;
using Repro.Tracking;
using TorchSharp.Modules;
using static System.FormattableString;
using static TorchSharp.torch;

const int Features = 16, Classes = 4;
SqliteStoreProvider.Register();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with
// seed 42 in the nearest .repro/ store, created here if there is none. run.Param reads a -p value or logs the default.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "05-lora-finetuning", Seed = 42, CreateStoreIfMissing = true });
var (hidden, rank, alpha) = (run.Param("hidden", 1024), run.Param("rank", 4), run.Param("alpha", 8.0));
var (pretrainEpochs, epochs) = (run.Param("pretrain_epochs", 5), run.Param("epochs", 20));
var (lr, loraLr) = (run.Param("lr", 3e-3), run.Param("lora_lr", 1e-2));
TorchThreads.Pin(run, run.Param("threads", 1)); // one thread: every float sum in a fixed order, so the same seed gives the same bits

// A teacher network labels random inputs. Task B's teacher is A's with a rank-1 change to its first layer: related, not equal.
Tensor xA, yA, testXA, testYA, xB, yB, testXB, testYB;
using (run.Phase("data"))
{
    var data = new RandomStream(run.Seed, "data");
    using var t1 = Normals(data.Derive("teacher/1"), 32, Features);
    using var t2 = Normals(data.Derive("teacher/2"), Classes, 32);
    using Tensor u = Normals(data.Derive("teacher/u"), 32, 1), v = Normals(data.Derive("teacher/v"), 1, Features);
    using var t1B = t1 + 3 * u.matmul(v);
    ((xA, yA), (testXA, testYA)) = (Task(data.Derive("a/train"), t1, t2, 8000), Task(data.Derive("a/test"), t1, t2, 2000));
    ((xB, yB), (testXB, testYB)) = (Task(data.Derive("b/train"), t1B, t2, 1000), Task(data.Derive("b/test"), t1B, t2, 2000)); // little data for B
}

TorchRandom.Seed(run, "torch/init"); // the pre-trained network's initial weights
using var pretrained = Mlp();
var fullParams = ParameterCount.Of(pretrained).Total;
var rows = new List<string[]> { Train("pre-trained on A", "pretrain", pretrained, pretrained.parameters(), xA, yA, lr, pretrainEpochs) };

long changed;
using (var lora = Mlp()) // disposed before full fine-tuning starts, so that phase's peak RSS does not include this copy
{
    lora.load_state_dict(pretrained.state_dict());
    // fc1 and fc2 get a rank-r update each (A from the generator of path lora/NAME); everything else, fc3 included, stays frozen.
    var adapters = LoraAdapters.Apply(lora, new LoraOptions { Targets = ["fc1", "fc2"], Rank = rank, Alpha = alpha, Seed = run.Seed });
    rows.Add(Train($"LoRA r={rank} on B", "lora", lora, adapters.Parameters(), xB, yB, loraLr, epochs));
    using var before = Predict(lora, testXB);
    adapters.Merge(); // for inference: W + (alpha/r)·B·A folded into one matrix, no extra cost per call
    using var after = Predict(lora, testXB);
    changed = after.ne(before).sum().item<long>();
    run.LogMetric("lora/merged_changed_predictions", changed);
}

using (var full = Mlp())
{
    full.load_state_dict(pretrained.state_dict());
    rows.Add(Train("full fine-tune on B", "full", full, full.parameters(), xB, yB, lr, epochs));
}

string[] header = ["", "trainable params", "training state*", "peak RSS**", "time**", "accuracy B", "accuracy A"];
var widths = header.Select((_, i) => rows.Prepend(header).Max(r => r[i].Length)).ToArray();
rows.Prepend(header).ToList().ForEach(row => Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])))));
Console.WriteLine(Invariant($"""
    *  bytes of the trainable parameters, their gradients and Adam's moments, read back from the optimiser after a step.
    ** of the training phase, as Repro's profiler measured it for the whole process (README.md); printed, not logged.
    Merged into W, LoRA's update changed {changed} of {testYB.shape[0]} predictions on B.
    """));
return;

Sequential Mlp() => nn.Sequential(("fc1", nn.Linear(Features, hidden)), ("relu1", nn.ReLU()),
    ("fc2", nn.Linear(hidden, hidden)), ("relu2", nn.ReLU()), ("fc3", nn.Linear(hidden, Classes)));

// Trains with Adam in phase NAME on minibatches in an epoch-keyed order from the run's seed; returns the table's row.
string[] Train(string label, string name, Sequential model, IEnumerable<Parameter> parameters, Tensor x, Tensor y, double learningRate, int epochs)
{
    using var optimizer = optim.Adam(parameters, learningRate);
    using var loader = new EpochDataLoader(name, run.Seed, [x, y], new DataLoaderOptions { BatchSize = 128 });
    var phase = run.Phase(name);
    using (phase)
    {
        model.train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var sum = 0.0;
            foreach (var batch in loader.Batches(epoch))
            {
                using var batchTensors = batch;
                using var scope = NewDisposeScope(); // frees every tensor the step makes
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(batch[0]), batch[1]);
                loss.backward();
                optimizer.step();
                sum += loss.item<float>() * batch.Size;
            }

            run.LogMetric($"{name}/loss", sum / loader.Count, epoch);
        }
    }

    var profiled = phase.Record!; // what Repro's profiler measured over the phase: wall and CPU time, peak RSS, ...
    var stateBytes = TrainingStateBytes(model, optimizer); // what training holds between steps, still all there
    model.eval();
    var (trainable, accuracyB, accuracyA) = (ParameterCount.Of(model).Trainable, Accuracy(model, testXB, testYB), Accuracy(model, testXA, testYA));
    run.LogMetric($"{name}/trainable_params", trainable);
    run.LogMetric($"{name}/training_state_bytes", stateBytes);
    run.LogMetric($"{name}/accuracy_b", accuracyB);
    run.LogMetric($"{name}/accuracy_a", accuracyA);
    return [label, Invariant($"{trainable:N0} ({100.0 * trainable / fullParams:0.0} %)"), Invariant($"{stateBytes / 1e3:N1} kB"),
        Invariant($"{profiled.PeakRssBytes / 1e6:N1} MB"), Invariant($"{profiled.WallSeconds:F2} s"), Invariant($"{100 * accuracyB:F1} %"), Invariant($"{100 * accuracyA:F1} %")];
}

// The tensors training adds to the model, in bytes: the parameters the optimiser updates, every gradient the model
// holds (a frozen weight has none), and Adam's moments (max_exp_avg_sq too, with amsgrad) from the optimiser's state.
static long TrainingStateBytes(Sequential model, Adam optimizer)
{
    using var scope = NewDisposeScope();
    var moments = optimizer.state_dict().State.Cast<Adam.State>().Sum(s => Bytes(s.exp_avg) + Bytes(s.exp_avg_sq) + Bytes(s.max_exp_avg_sq));
    return optimizer.parameters().Sum(Bytes) + model.parameters().Sum(p => Bytes(p.grad)) + moments;
}

static long Bytes(Tensor? tensor) => tensor is null ? 0 : tensor.NumberOfElements * tensor.ElementSize;

static double Accuracy(Sequential model, Tensor x, Tensor y)
{
    using var scope = NewDisposeScope();
    return Predict(model, x).eq(y).to(ScalarType.Float64).mean().item<double>();
}

static Tensor Predict(Sequential model, Tensor x)
{
    using var _ = no_grad();
    using var logits = model.call(x);
    return logits.argmax(1);
}

static (Tensor X, Tensor Y) Task(RandomStream stream, Tensor t1, Tensor t2, int count)
{
    var x = Normals(stream, count, Features);
    using var hidden = nn.functional.relu(x.matmul(t1.t()));
    using var logits = hidden.matmul(t2.t());
    return (x, logits.argmax(1));
}

static Tensor Normals(RandomStream stream, long rows, long columns) =>
    tensor(Enumerable.Range(0, (int)(rows * columns)).Select(_ => (float)stream.NextNormal()).ToArray(), [rows, columns]);
