using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Repro.TorchSharp.Lora;

/// <summary>
/// A <c>Linear</c> layer with a low-rank adapter: <c>y = W x + b + (alpha / r) * B (A (dropout(x)))</c>.
/// <c>W</c> and <c>b</c> are the adapted layer's own parameters, frozen; only <c>A</c> (r x in) and <c>B</c>
/// (out x r) train. <c>B</c> starts at zero, so the layer starts equal to the one it replaced.
/// </summary>
/// <remarks>
/// <para>Its state-dict keys are <c>weight</c> and <c>bias</c> (as the replaced <c>Linear</c>'s, so a checkpoint
/// of the base model loads into the adapted one with <c>strict: false</c>), <c>lora_a</c> and <c>lora_b</c>.</para>
/// <para><see cref="Merge"/> folds <c>(alpha / r) B A</c> into <c>W</c> for inference without the extra matrix
/// products; <see cref="Unmerge"/> takes it out again. Float addition is not associative, so merging then unmerging
/// gives back <c>W</c> to within rounding (a few units in the last place of each element), not bit for bit: keep a copy
/// of <c>W</c>, or never merge a model you go on training, when bits matter.</para>
/// <para>Created by <see cref="LoraAdapters.Apply"/>, which puts it in the model in place of the <c>Linear</c>.</para>
/// </remarks>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    // Not readonly: Module.to(device) replaces parameters by setting the fields that hold them.
    [ComponentName(Name = "weight")]
    private Parameter _weight;

    [ComponentName(Name = "bias")]
    private Parameter? _bias;

    [ComponentName(Name = "lora_a")]
    private Parameter _a;

    [ComponentName(Name = "lora_b")]
    private Parameter _b;

    private readonly Generator? _generator;

    internal LoraLinear(string name, Linear layer, int rank, double alpha, double dropout, Generator? generator)
        : base(nameof(LoraLinear))
    {
        Name = name;
        Rank = rank;
        Alpha = alpha;
        Dropout = dropout;
        InFeatures = layer.in_features;
        OutFeatures = layer.out_features;
        _generator = generator;
        _weight = layer.weight;
        _bias = layer.bias;
        _weight.requires_grad = false;
        if (_bias is not null)
        {
            _bias.requires_grad = false;
        }

        using (no_grad())
        {
            // torch's Linear initialises its weight with kaiming_uniform_(a: sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in));
            // A gets the same distribution, drawn through the generator so that it can be seeded per layer. Tensor.uniform_,
            // not nn.init.uniform_: in TorchSharp 0.107.0 the latter takes a generator but never passes it on (NN/Init.cs).
            var bound = 1 / Math.Sqrt(InFeatures);
            _a = new Parameter(empty(rank, InFeatures, _weight.dtype, _weight.device));
            _a.uniform_(-bound, bound, generator);
            _b = new Parameter(zeros(OutFeatures, rank, _weight.dtype, _weight.device));
        }

        RegisterComponents();
    }

    /// <summary>The name of the module it replaced, as <c>named_modules()</c> gave it (such as <c>"layers.0"</c>).</summary>
    public string Name { get; }

    /// <summary>The rank r of the update.</summary>
    public int Rank { get; }

    /// <summary>The scale numerator alpha.</summary>
    public double Alpha { get; }

    /// <summary>The factor the update is multiplied by: alpha / r.</summary>
    public double Scale => Alpha / Rank;

    /// <summary>The dropout probability on the adapter path's input, in training mode.</summary>
    public double Dropout { get; }

    /// <summary>The size of each input sample.</summary>
    public long InFeatures { get; }

    /// <summary>The size of each output sample.</summary>
    public long OutFeatures { get; }

    /// <summary>True after <see cref="Merge"/>: the update is in <see cref="Weight"/> and the adapter path is skipped.</summary>
    public bool IsMerged { get; private set; }

    /// <summary>The frozen base weight W (out x in); holds the update too while <see cref="IsMerged"/>.</summary>
    public Parameter Weight => _weight;

    /// <summary>The frozen base bias b, or null when the layer had none.</summary>
    public Parameter? Bias => _bias;

    /// <summary>The trainable down-projection A (r x in).</summary>
    public Parameter A => _a;

    /// <summary>The trainable up-projection B (out x r), zero at the start.</summary>
    public Parameter B => _b;

    /// <summary>Applies the layer to <paramref name="input"/> (..., in) and returns (..., out).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (IsMerged)
        {
            return nn.functional.linear(input, _weight, _bias);
        }

        using var scope = NewDisposeScope();
        var x = training && Dropout > 0 ? DropInputs(input) : input;
        var update = nn.functional.linear(nn.functional.linear(x, _a), _b);
        return nn.functional.linear(input, _weight, _bias).add(update, Scale).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Folds <c>(alpha / r) B A</c> into <see cref="Weight"/>; the forward pass then costs what the base layer's does.
    /// Meant for inference: while merged, the adapter path is skipped, so training changes nothing until
    /// <see cref="Unmerge"/>. Does nothing when already merged.
    /// </summary>
    public void Merge()
    {
        if (IsMerged)
        {
            return;
        }

        using (no_grad())
        using (var delta = Delta())
        {
            _weight.add_(delta);
        }

        IsMerged = true;
    }

    /// <summary>
    /// Subtracts <c>(alpha / r) B A</c> from <see cref="Weight"/> again, so the adapter path is used once more.
    /// Restores W to within float rounding, not bit for bit (see the remarks on the type). Does nothing when not merged.
    /// </summary>
    public void Unmerge()
    {
        if (!IsMerged)
        {
            return;
        }

        using (no_grad())
        using (var delta = Delta())
        {
            _weight.sub_(delta);
        }

        IsMerged = false;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _generator?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Tensor Delta()
    {
        using var product = _b.matmul(_a);
        return product.mul(Scale);
    }

    private Tensor DropInputs(Tensor input)
    {
        // functional.dropout takes no generator; a Bernoulli mask drawn through this layer's generator does the same.
        var keep = empty_like(input).bernoulli_(1 - Dropout, _generator);
        return input.mul(keep).div_(1 - Dropout);
    }
}
