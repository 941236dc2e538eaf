using Repro.Randomness;
using static TorchSharp.torch;

namespace Repro.Benchmarks;

/// <summary>
/// The MLP the TorchSharp benchmarks train: seeded Gaussian features, labels from a fixed random linear map, one
/// shuffled order per epoch (drawn here, so the PyTorch side can read the same orders), Adam, cross-entropy.
/// </summary>
internal sealed class MlpWorkload
{
    public MlpWorkload(int rows, int features, int classes, int hidden, int batch, int orders)
    {
        Rows = rows;
        Features = features;
        Classes = classes;
        Hidden = hidden;
        Batch = batch;
        var noise = new RandomStream(7, "bench/mlp/features");
        X = new float[rows * features];
        for (var i = 0; i < X.Length; i++)
        {
            X[i] = (float)noise.NextNormal();
        }

        var projection = new RandomStream(7, "bench/mlp/projection");
        var weights = new double[features * classes];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = projection.NextNormal();
        }

        Y = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var best = 0;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var score = 0.0;
                for (var f = 0; f < features; f++)
                {
                    score += X[(r * features) + f] * weights[(f * classes) + c];
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (c, score);
                }
            }

            Y[r] = best;
        }

        Orders = new long[orders][];
        for (var e = 0; e < orders; e++)
        {
            var order = new long[rows];
            for (var i = 0; i < rows; i++)
            {
                order[i] = i;
            }

            new RandomStream(7, $"bench/mlp/epoch/{e}").Shuffle(order.AsSpan());
            Orders[e] = order;
        }
    }

    public int Rows { get; }

    public int Features { get; }

    public int Classes { get; }

    public int Hidden { get; }

    public int Batch { get; }

    public float[] X { get; }

    public long[] Y { get; }

    public long[][] Orders { get; }

    /// <summary>A fresh model and optimiser over tensors of this data.</summary>
    public Trainer CreateTrainer() => new(this);

    internal sealed class Trainer : IDisposable
    {
        private readonly MlpWorkload _workload;
        private readonly Tensor _x;
        private readonly Tensor _y;
        private readonly nn.Module<Tensor, Tensor> _model;
        private readonly optim.Optimizer _optimizer;
        private readonly nn.Module<Tensor, Tensor, Tensor> _loss = nn.CrossEntropyLoss();

        public Trainer(MlpWorkload workload)
        {
            _workload = workload;
            _x = tensor(workload.X, [workload.Rows, workload.Features]);
            _y = tensor(workload.Y);
            manual_seed(1);
            _model = nn.Sequential(
                nn.Linear(workload.Features, workload.Hidden), nn.ReLU(),
                nn.Linear(workload.Hidden, workload.Hidden), nn.ReLU(),
                nn.Linear(workload.Hidden, workload.Classes));
            _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        }

        /// <summary>Trains one epoch; <paramref name="afterStep"/> sees each step's loss (the tracked variant logs it).</summary>
        public void Epoch(int epoch, Action<int, double>? afterStep = null)
        {
            using var order = tensor(_workload.Orders[epoch % _workload.Orders.Length]);
            var step = 0;
            for (var start = 0; start < _workload.Rows; start += _workload.Batch)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(_workload.Batch, _workload.Rows - start));
                var xb = _x.index_select(0, index);
                var yb = _y.index_select(0, index);
                _optimizer.zero_grad();
                var loss = _loss.call(_model.call(xb), yb);
                loss.backward();
                _optimizer.step();
                afterStep?.Invoke(step++, loss.item<float>());
            }
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
            _loss.Dispose();
            _x.Dispose();
            _y.Dispose();
        }
    }
}
