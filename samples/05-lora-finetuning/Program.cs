// Sample 05: pre-train a small MLP on task A, then adapt it to a related task B twice, with LoRA (a trainable rank-r
// update beside each frozen weight) and with full fine-tuning, and compare their cost and accuracy. See README.md.
using System.Diagnostics;
using System.Globalization;
using Repro.Randomness;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.TorchSharp.Lora;
using Repro.Tracking;
using TorchSharp;
using TorchSharp.Modules;
using static System.FormattableString;
using static TorchSharp.torch;

const int Features = 16, Hidden = 256, Classes = 4, Batch = 128;
SqliteStoreProvider.Register();
EnsureStore();
// Under `repro run` this attaches to the wrapper's run (its store, seed and -p params win); alone, it starts one with seed 42.
using var run = Run.Start(new RunOptions { Experiment = "samples", Name = "05-lora-finetuning", Seed = 42 });
var rank = (int)Param(run, "rank", 4);
var alpha = Param(run, "alpha", 8);
var epochs = (int)Param(run, "epochs", 20);
var (lr, loraLr) = (Param(run, "lr", 3e-3), Param(run, "lora_lr", 1e-2));
torch.set_num_threads(1); // one intra-op thread: every float sum in a fixed order, so the same seed gives the same bits
torch.random.manual_seed((long)(new RandomStream(run.Seed, "torch/init").NextUInt64() >> 1)); // nn.Linear's initial weights

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

var rows = new List<string[]>();
using var pretrained = Mlp();
using (run.Phase("pretrain")) rows.Add(Train("pre-trained on A", "pretrain", pretrained, pretrained.parameters(), xA, yA, lr));

long changed;
using var lora = Mlp();
lora.load_state_dict(pretrained.state_dict());
using (run.Phase("lora"))
{
    // fc1 and fc2 get a rank-r update each; everything else, fc3 included, stays frozen.
    var adapters = LoraAdapters.Apply(lora, new LoraOptions { Targets = ["fc1", "fc2"], Rank = rank, Alpha = alpha, Seed = run.Seed });
    rows.Add(Train($"LoRA r={rank} on B", "lora", lora, adapters.Parameters(), xB, yB, loraLr));
    using var before = Predict(lora, testXB);
    adapters.Merge(); // for inference: W + (alpha/r)·B·A folded into one matrix, no extra cost per call
    using var after = Predict(lora, testXB);
    changed = after.ne(before).sum().item<long>();
    run.LogMetric("lora/merged_changed_predictions", changed);
}

using var full = Mlp();
full.load_state_dict(pretrained.state_dict());
using (run.Phase("full")) rows.Add(Train("full fine-tune on B", "full", full, full.parameters(), xB, yB, lr));

string[] header = ["", "trainable params", "train state*", "time", "accuracy B", "accuracy A"];
var widths = header.Select((h, i) => rows.Prepend(header).Max(r => r[i].Length)).ToArray();
rows.Prepend(header).ToList().ForEach(row => Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])))));
Console.WriteLine(Invariant($"""
    * trainable parameters, their gradients and Adam's two moments, float32 (frozen weights are only read).
    LoRA trains {100.0 * ParameterCount.Of(lora).Trainable / ParameterCount.Of(full).Trainable:F1} % of the parameters full fine-tuning does; merged into W, it changed {changed} of {testYB.shape[0]} predictions.
    Time is printed, not logged: it differs on every run. Peak RSS per phase: the phase table below, or `repro profile`.
    """));
return;

Sequential Mlp() => nn.Sequential(("fc1", nn.Linear(Features, Hidden)), ("relu1", nn.ReLU()),
    ("fc2", nn.Linear(Hidden, Hidden)), ("relu2", nn.ReLU()), ("fc3", nn.Linear(Hidden, Classes)));

// Trains with Adam on minibatches shuffled per epoch from the run's seed; returns the row of the table.
string[] Train(string label, string name, Sequential model, IEnumerable<Parameter> parameters, Tensor x, Tensor y, double learningRate)
{
    var clock = Stopwatch.StartNew();
    using var optimizer = optim.Adam(parameters, learningRate);
    var order = Enumerable.Range(0, (int)x.shape[0]).ToArray();
    model.train();
    for (var epoch = 0; epoch < epochs; epoch++)
    {
        new RandomStream(run.Seed, $"{name}/epoch/{epoch}/shuffle").Shuffle(order.AsSpan());
        var sum = 0.0;
        for (var start = 0; start < order.Length; start += Batch)
        {
            using var scope = NewDisposeScope();
            var index = tensor(order[start..Math.Min(start + Batch, order.Length)], ScalarType.Int64);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x[index]), y[index]);
            loss.backward();
            optimizer.step();
            sum += loss.item<float>() * index.shape[0];
        }

        run.LogMetric($"{name}/loss", sum / order.Length, epoch);
    }

    var time = clock.Elapsed;
    model.eval();
    var (trainable, accuracyB, accuracyA) = (ParameterCount.Of(model).Trainable, Accuracy(model, testXB, testYB), Accuracy(model, testXA, testYA));
    run.LogMetric($"{name}/trainable_params", trainable);
    run.LogMetric($"{name}/accuracy_b", accuracyB);
    run.LogMetric($"{name}/accuracy_a", accuracyA);
    return [label, Invariant($"{trainable:N0}"), Invariant($"{trainable * 16 / 1024.0:N1} KiB"), Invariant($"{time.TotalSeconds:F2} s"),
        Invariant($"{100 * accuracyB:F1} %"), Invariant($"{100 * accuracyA:F1} %")];
}

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

// A param passed with `repro run -p key=value` (or recorded by the run being replayed) wins; otherwise log the default.
static double Param(Run run, string key, double fallback)
{
    if (run.Params.TryGetValue(key, out var text)) return double.Parse(text, CultureInfo.InvariantCulture);
    run.LogParam(key, fallback);
    return fallback;
}

// Alone, the run goes to the nearest .repro/ store, created here when there is none; `repro run` names its own store.
static void EnsureStore()
{
    try { StoreLocator.Locate(null, Environment.GetEnvironmentVariable(RunEnvironment.Store), Environment.CurrentDirectory); }
    catch (StoreException) { StoreRegistry.Default.Create(StoreLocation.ForProject(Environment.CurrentDirectory)).Dispose(); }
}
