namespace Repro.TorchSharp.Lora;

/// <summary>
/// How <see cref="LoraAdapters.Apply"/> adapts a model: which <c>Linear</c> layers, and the rank, scale and
/// dropout of their low-rank updates. Each adapted layer computes
/// <c>y = W x + b + (Alpha / Rank) * B (A (dropout(x)))</c> with <c>A</c> (Rank x in) and <c>B</c> (out x Rank).
/// </summary>
/// <remarks>
/// Target names are the names <c>Module.named_modules()</c> gives, such as <c>"fc1"</c> or
/// <c>"encoder.layers.0"</c>. A target without <c>*</c> names exactly one module, which must be a <c>Linear</c>.
/// In a target with <c>*</c>, each <c>*</c> matches any run of characters, dots included, and the whole name
/// must match: <c>"*.fc2"</c> matches <c>"block.fc2"</c> and <c>"a.b.fc2"</c> but not <c>"fc2"</c> or
/// <c>"block.fc20"</c>; <c>"layers.*"</c> matches everything below <c>layers</c>; <c>"*"</c> matches every module.
/// A pattern adapts the <c>Linear</c> modules among those it matches and passes over the others.
/// </remarks>
public sealed record LoraOptions
{
    private readonly int _rank = 8;
    private readonly double _alpha = 8;
    private readonly double _dropout;
    private readonly IReadOnlyList<string> _targets = [];

    /// <summary>The modules to adapt: exact names and/or <c>*</c> patterns (see the remarks). Required: at least one.</summary>
    /// <exception cref="ArgumentNullException">The list or one of its names is null.</exception>
    /// <exception cref="ArgumentException">A name is empty or white space.</exception>
    public IReadOnlyList<string> Targets
    {
        get => _targets;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var target in value)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(target, nameof(Targets));
            }

            _targets = [.. value];
        }
    }

    /// <summary>The rank r of each update B·A; default 8. Must be at least 1 and at most min(in, out) of every adapted layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or negative.</exception>
    public int Rank
    {
        get => _rank;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(Rank));
            _rank = value;
        }
    }

    /// <summary>
    /// The scale numerator: the update is multiplied by <c>Alpha / Rank</c>; default 8. Keeping alpha fixed while
    /// trying ranks keeps the update's size comparable, so the learning rate need not be tuned again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0, negative, NaN or infinite.</exception>
    public double Alpha
    {
        get => _alpha;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Alpha), value, $"LoRA alpha must be a finite number greater than 0; got {value}.");
            }

            _alpha = value;
        }
    }

    /// <summary>
    /// The probability that dropout zeroes an input of the adapter path (the base path never sees dropout); default 0.
    /// Active only while the model is in training mode.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1), or NaN.</exception>
    public double Dropout
    {
        get => _dropout;
        init
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Dropout), value, $"LoRA dropout must be in [0, 1): the probability of zeroing an input; got {value}.");
            }

            _dropout = value;
        }
    }

    /// <summary>
    /// When set, each adapted layer draws its initial A and its dropout masks from its own torch generator, seeded
    /// from this seed and the layer's name (a <see cref="Randomness.RandomStream"/> with path <c>"lora/NAME"</c>), so
    /// the adapters do not depend on torch's global generator or on the order layers are adapted. When null (the
    /// default) they draw from torch's global generator, which <c>torch.manual_seed</c> seeds.
    /// </summary>
    public ulong? Seed { get; init; }
}
