using Repro.TorchSharp.Lora;
using TorchSharp;
using TorchSharp.Modules;

namespace Repro.TorchSharp.Tests.Lora;

public sealed class LoraAdaptersBadInputTests
{
    /// <summary>Every module's name and type and every parameter's requires_grad: what a failed Apply must leave as it was.</summary>
    private static List<string> Shape(torch.nn.Module model) =>
    [
        .. model.named_modules().Select(m => $"{m.name}:{m.module.GetType().Name}"),
        .. model.named_parameters().Select(p => $"{p.name}:{p.parameter.requires_grad}"),
    ];

    private static LoraTargetException Rejects(torch.nn.Module model, LoraOptions options)
    {
        var before = Shape(model);

        var error = Assert.Throws<LoraTargetException>(() => LoraAdapters.Apply(model, options));

        Assert.Equal(before, Shape(model));
        return error;
    }

    [Fact]
    public void A_target_that_does_not_exist_is_rejected_naming_the_nearest_names()
    {
        using var model = LoraTestModels.Nested();

        var error = Rejects(model, new LoraOptions { Targets = ["encoder.fc3"], Rank = 2 });

        Assert.Equal("encoder.fc3", error.Target);
        Assert.StartsWith("The model has no module named 'encoder.fc3'. Nearest names: 'encoder.fc1', 'encoder.fc2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Its Linear modules: head, encoder.fc1, encoder.fc2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_is_not_linear_is_rejected_naming_its_type()
    {
        using var model = LoraTestModels.Mlp();

        var error = Rejects(model, new LoraOptions { Targets = ["fc1", "act"], Rank = 2 });

        Assert.StartsWith("Module 'act' is a ReLU, not a Linear: LoRA adapts Linear layers only.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_rejected()
    {
        using var model = LoraTestModels.Mlp();

        var error = Rejects(model, new LoraOptions { Targets = ["*.fc1"], Rank = 2 });

        Assert.StartsWith("The LoRA target pattern '*.fc1' matches no module of the model.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_matches_no_linear_layer_is_rejected_naming_what_it_matched()
    {
        using var model = LoraTestModels.Mlp();

        var error = Rejects(model, new LoraOptions { Targets = ["a*"], Rank = 2 });

        Assert.StartsWith("The LoRA target pattern 'a*' matches no Linear module, only 'act' (ReLU).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rank_larger_than_a_layers_smaller_side_is_rejected_and_no_layer_is_adapted()
    {
        using var model = LoraTestModels.Mlp();

        // fc1 (8 -> 16) takes rank 5; fc2 (16 -> 4) does not.
        var error = Rejects(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 5 });

        Assert.Equal("fc2", error.Target);
        Assert.StartsWith("LoRA rank 5 is larger than min(in, out) = 4 of layer 'fc2' (Linear 16 -> 4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_already_adapted_is_rejected()
    {
        using var model = LoraTestModels.Mlp();
        LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2 });

        var error = Rejects(model, new LoraOptions { Targets = ["fc1"], Rank = 2 });

        Assert.Equal("Module 'fc1' is already adapted with LoRA; a layer takes one adapter.", error.Message);
    }

    [Fact]
    public void A_layer_held_in_a_field_typed_linear_is_rejected_saying_how_to_declare_it()
    {
        using var model = new LoraTestModels.TypedField();

        var error = Rejects(model, new LoraOptions { Targets = ["fc"], Rank = 2 });

        Assert.Equal(
            "Module 'fc' is held by TypedField in field '_fc' of type Linear, which cannot hold the LoraLinear that replaces it: declare the field as Module<Tensor, Tensor>.",
            error.Message);
    }

    [Fact]
    public void No_targets_is_rejected()
    {
        using var model = LoraTestModels.Mlp();

        var error = Assert.Throws<ArgumentException>(() => LoraAdapters.Apply(model, new LoraOptions()));

        Assert.StartsWith("LoraOptions.Targets names no module", error.Message, StringComparison.Ordinal);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_rank_below_one_is_rejected(int rank)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoraOptions { Rank = rank });

        Assert.Equal("Rank", error.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void An_alpha_that_is_not_a_positive_number_is_rejected(double alpha)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoraOptions { Alpha = alpha });

        Assert.Equal("Alpha", error.ParamName);
        Assert.StartsWith("LoRA alpha must be a finite number greater than 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_dropout_outside_zero_to_one_is_rejected(double dropout)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoraOptions { Dropout = dropout });

        Assert.Equal("Dropout", error.ParamName);
        Assert.StartsWith("LoRA dropout must be in [0, 1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)]
    public void Dropout_at_the_ends_of_its_range_is_accepted(double dropout)
    {
        var options = new LoraOptions { Dropout = dropout };

        Assert.Equal(dropout, options.Dropout);
    }

    [Fact]
    public void An_empty_target_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LoraOptions { Targets = ["fc1", " "] });
    }

    [Fact]
    public void A_linear_model_itself_cannot_be_a_target()
    {
        using var model = torch.nn.Linear(4, 4);

        var error = Rejects(model, new LoraOptions { Targets = ["*"], Rank = 2 });

        Assert.IsType<Linear>(model);
        Assert.StartsWith("The LoRA target pattern '*' matches no module of the model.", error.Message, StringComparison.Ordinal);
    }
}
