using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Repro.TorchSharp.Tests.Lora;

/// <summary>Small models whose weights come from a seeded generator, never from torch's global one (tests run in parallel).</summary>
internal static class LoraTestModels
{
    /// <summary>Sequential: fc1 (8 -> 16), act (ReLU), fc2 (16 -> 4).</summary>
    public static Sequential Mlp(ulong seed = 1)
    {
        var model = nn.Sequential(("fc1", nn.Linear(8, 16)), ("act", nn.ReLU()), ("fc2", nn.Linear(16, 4)));
        return Seeded(model, seed);
    }

    /// <summary>A custom module: encoder (a <see cref="Block"/>: fc1 8 -> 16, fc2 16 -> 16) and head (16 -> 3).</summary>
    public static Net Nested(ulong seed = 2) => Seeded(new Net(), seed);

    /// <summary>Overwrites every parameter with values drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public static T Seeded<T>(T model, ulong seed)
        where T : nn.Module
    {
        using var generator = new Generator(seed);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                using var values = rand(parameter.shape, generator: generator);
                parameter.copy_(values.sub_(0.5));
            }
        }

        return model;
    }

    /// <summary>A batch of inputs of width <paramref name="features"/> drawn from a seeded generator.</summary>
    public static Tensor Inputs(long rows, long features, ulong seed = 3)
    {
        using var generator = new Generator(seed);
        return randn([rows, features], generator: generator);
    }

    /// <summary>True when both tensors have the same shape and the same float32 bits in every element.</summary>
    public static bool BitEqual(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var left = a.detach().contiguous();
        using var right = b.detach().contiguous();
        return left.data<float>().Select(BitConverter.SingleToInt32Bits).SequenceEqual(right.data<float>().Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>Copies of every parameter, by name.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    /// <summary>A few Adam steps on a fixed regression target; returns the losses.</summary>
    public static List<float> Train(nn.Module<Tensor, Tensor> model, IEnumerable<Parameter> parameters, int steps, long inputs, long outputs)
    {
        using var x = Inputs(32, inputs, seed: 10);
        using var y = Inputs(32, outputs, seed: 11);
        using var optimizer = optim.Adam(parameters, lr: 0.05);
        var losses = new List<float>();
        model.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        model.eval();
        return losses;
    }

    /// <summary>Two layers held in fields typed Module&lt;Tensor, Tensor&gt;, called through forward (not call), as TorchSharp's docs write modules.</summary>
    internal sealed class Block : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "fc1")]
        private readonly nn.Module<Tensor, Tensor> _fc1 = nn.Linear(8, 16);
        [ComponentName(Name = "act")]
        private readonly nn.Module<Tensor, Tensor> _act = nn.ReLU();
        [ComponentName(Name = "fc2")]
        private readonly nn.Module<Tensor, Tensor> _fc2 = nn.Linear(16, 16);

        public Block() : base(nameof(Block)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var hidden = _fc1.forward(input);
            using var activated = _act.forward(hidden);
            return _fc2.forward(activated);
        }
    }

    internal sealed class Net : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "encoder")]
        private readonly Block _encoder = new();
        [ComponentName(Name = "head")]
        private readonly nn.Module<Tensor, Tensor> _head = nn.Linear(16, 3);

        public Net() : base(nameof(Net)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var encoded = _encoder.forward(input);
            return _head.forward(encoded);
        }
    }

    /// <summary>A stack of layers in a ModuleList field, called through the list.</summary>
    internal sealed class Stack : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "layers")]
        private readonly ModuleList<nn.Module<Tensor, Tensor>> _layers = nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4));

        public Stack() : base(nameof(Stack)) => RegisterComponents();

        public ModuleList<nn.Module<Tensor, Tensor>> Layers => _layers;

        public override Tensor forward(Tensor input)
        {
            var x = input.alias();
            foreach (var layer in _layers)
            {
                var next = layer.call(x);
                x.Dispose();
                x = next;
            }

            return x;
        }
    }

    /// <summary>A module that holds its layer in a field typed Linear, which no adapter can be put in.</summary>
    internal sealed class TypedField : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "fc")]
        private readonly Linear _fc = nn.Linear(4, 4);

        public TypedField() : base(nameof(TypedField)) => RegisterComponents();

        public override Tensor forward(Tensor input) => _fc.forward(input);
    }
}
