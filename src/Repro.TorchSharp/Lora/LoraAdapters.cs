using System.Collections;
using Repro.Randomness;
using TorchSharp;
using TorchSharp.Modules;

namespace Repro.TorchSharp.Lora;

/// <summary>
/// The LoRA adapters put into a model by <see cref="Apply"/>, in the order <c>named_modules()</c> lists the layers
/// they replaced: their parameters for the optimizer, and merging or unmerging all of them at once.
/// </summary>
/// <example><code>
/// var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["*.fc1", "head"], Rank = 4, Alpha = 8 });
/// using var optimizer = torch.optim.Adam(adapters.Parameters(), lr: 1e-2);
/// // ... train: only A and B change ...
/// adapters.Merge();   // for inference at the base model's cost
/// </code></example>
public sealed class LoraAdapters : IReadOnlyList<LoraLinear>
{
    private readonly List<LoraLinear> _layers;

    private LoraAdapters(LoraOptions options, List<LoraLinear> layers)
    {
        Options = options;
        _layers = layers;
    }

    /// <summary>The options the adapters were made with.</summary>
    public LoraOptions Options { get; }

    /// <summary>How many layers were adapted.</summary>
    public int Count => _layers.Count;

    /// <summary>The adapted layers' names, such as <c>"layers.0"</c>, in order.</summary>
    public IReadOnlyList<string> Names => [.. _layers.Select(l => l.Name)];

    /// <summary>True when every adapter is merged into its weight.</summary>
    public bool IsMerged => _layers.All(l => l.IsMerged);

    /// <summary>The adapter at <paramref name="index"/>.</summary>
    public LoraLinear this[int index] => _layers[index];

    /// <summary>The adapter that replaced the module named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No layer of that name was adapted.</exception>
    public LoraLinear this[string name] =>
        _layers.Find(l => l.Name == name) ?? throw new KeyNotFoundException($"No layer named '{name}' was adapted; adapted: {string.Join(", ", Names)}.");

    /// <summary>
    /// Adapts <paramref name="model"/> in place: each <c>Linear</c> the targets name is replaced by a
    /// <see cref="LoraLinear"/> that shares its weight and bias, and every parameter of the model that is not an
    /// adapter's A or B stops requiring gradients (adapters from an earlier call keep training). The model's output is
    /// unchanged until A and B are trained.
    /// </summary>
    /// <param name="model">The model; its modules keep their names (the adapter takes the replaced layer's).</param>
    /// <param name="options">The targets, rank, alpha, dropout and seed.</param>
    /// <returns>The adapters, for the optimizer and for merging.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><see cref="LoraOptions.Targets"/> is empty.</exception>
    /// <exception cref="LoraTargetException">
    /// A target names no module (the message lists the nearest names), names a module that is not a <c>Linear</c>
    /// or is adapted already, a pattern matches no <c>Linear</c>, the rank exceeds min(in, out) of a layer, or a
    /// layer's parent holds it where it cannot be replaced. Nothing is changed then.
    /// </exception>
    public static LoraAdapters Apply(torch.nn.Module model, LoraOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Targets.Count == 0)
        {
            throw new ArgumentException("LoraOptions.Targets names no module: give the names or patterns of the Linear layers to adapt, such as [\"fc1\", \"*.fc2\"].", nameof(options));
        }

        // Check everything before changing anything, so that a bad target leaves the model as it was.
        var targets = LoraTargetResolver.Resolve(model, options.Targets);
        var plans = new List<(LoraTarget Target, ModuleReplacement Replacement)>(targets.Count);
        foreach (var target in targets)
        {
            var limit = Math.Min(target.Layer.in_features, target.Layer.out_features);
            if (options.Rank > limit)
            {
                throw new LoraTargetException(target.Name,
                    $"LoRA rank {options.Rank} is larger than min(in, out) = {limit} of layer '{target.Name}' (Linear {target.Layer.in_features} -> {target.Layer.out_features}): B·A would not be low rank. Use a rank of at most {limit}, or leave the layer out.");
            }

            plans.Add((target, ModuleReplacement.Plan<LoraLinear>(target.Name, target.Name, target.Parent, target.ChildName, target.Layer)));
        }

        // Adapters put in by an earlier Apply keep training; everything else is frozen.
        var earlier = model.modules().OfType<LoraLinear>().SelectMany(l => new[] { l.A, l.B }).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var parameter in model.parameters().Where(p => !earlier.Contains(p)))
        {
            parameter.requires_grad = false;
        }

        var layers = new List<LoraLinear>(plans.Count);
        foreach (var (target, replacement) in plans)
        {
            var generator = options.Seed is { } seed
                ? new torch.Generator(new RandomStream(seed, "lora/" + target.Name).NextUInt64(), target.Layer.weight.device)
                : null;
            var adapter = new LoraLinear(target.Name, target.Layer, options.Rank, options.Alpha, options.Dropout, generator);
            adapter.train(target.Layer.training);
            replacement.Execute(adapter);
            layers.Add(adapter);
        }

        return new LoraAdapters(options, layers);
    }

    /// <summary>The trainable parameters: A then B of each adapter, in order. Pass them to the optimizer.</summary>
    public IEnumerable<Parameter> Parameters() => _layers.SelectMany(l => new[] { l.A, l.B });

    /// <summary>Merges every adapter into its weight (see <see cref="LoraLinear.Merge"/>).</summary>
    public void Merge() => _layers.ForEach(l => l.Merge());

    /// <summary>Takes every adapter out of its weight again (see <see cref="LoraLinear.Unmerge"/>); W is restored within float rounding.</summary>
    public void Unmerge() => _layers.ForEach(l => l.Unmerge());

    /// <inheritdoc />
    public IEnumerator<LoraLinear> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
