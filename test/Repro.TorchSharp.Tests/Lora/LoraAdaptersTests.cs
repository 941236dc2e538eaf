using Repro.TorchSharp.Lora;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.TorchSharp.Tests.Lora;

public sealed class LoraAdaptersTests
{
    [Fact]
    public void An_adapted_sequential_model_gives_exactly_the_base_output_at_initialisation()
    {
        using var model = LoraTestModels.Mlp();
        using var x = LoraTestModels.Inputs(5, 8);
        using var before = model.call(x);

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 2 });
        using var after = model.call(x);

        Assert.Equal(["fc1", "fc2"], adapters.Names);
        Assert.IsType<LoraLinear>(model[0]);
        Assert.IsType<LoraLinear>(model[2]);
        Assert.True(LoraTestModels.BitEqual(before, after));
    }

    [Fact]
    public void An_adapted_custom_module_that_calls_forward_on_its_fields_gives_exactly_the_base_output_at_initialisation()
    {
        using var model = LoraTestModels.Nested();
        using var x = LoraTestModels.Inputs(5, 8);
        using var before = model.call(x);

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["encoder.fc1", "head"], Rank = 2 });
        using var after = model.call(x);

        Assert.Equal(["head", "encoder.fc1"], adapters.Names);
        Assert.True(LoraTestModels.BitEqual(before, after));
    }

    [Fact]
    public void The_adapter_is_on_the_forward_path_of_a_custom_module_that_calls_its_fields_directly()
    {
        using var model = LoraTestModels.Nested();
        using var x = LoraTestModels.Inputs(5, 8);
        using var before = model.call(x);
        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["encoder.fc1"], Rank = 2 });

        using (no_grad())
        {
            adapters["encoder.fc1"].B.fill_(0.5);
        }

        using var after = model.call(x);

        Assert.False(before.allclose(after));
    }

    [Fact]
    public void Only_A_and_B_train_and_the_parameter_count_is_exact()
    {
        using var model = LoraTestModels.Mlp();

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 2 });
        var count = ParameterCount.Of(model);

        // Base: fc1 16x8 + 16, fc2 4x16 + 4 = 212. Adapters: fc1 A 2x8 + B 16x2 = 48, fc2 A 2x16 + B 4x2 = 40.
        Assert.Equal(new ParameterCount(88, 300), count);
        Assert.Equal(88.0 / 300, count.TrainableFraction, 12);
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.Equal(["fc1.lora_a", "fc1.lora_b", "fc2.lora_a", "fc2.lora_b"], trainable.Order(StringComparer.Ordinal));
        Assert.Equal(4, adapters.Parameters().Count());
    }

    [Fact]
    public void Layers_not_targeted_are_frozen_too()
    {
        using var model = LoraTestModels.Mlp();

        LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2 });

        Assert.Equal(new ParameterCount(48, 260), ParameterCount.Of(model));
        Assert.False(model.named_parameters().Single(p => p.name == "fc2.weight").parameter.requires_grad);
    }

    [Fact]
    public void Adapting_more_layers_later_keeps_the_earlier_adapters_trainable()
    {
        using var model = LoraTestModels.Mlp();
        LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2 });

        LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc2"], Rank = 2 });

        Assert.Equal(new ParameterCount(88, 300), ParameterCount.Of(model));
    }

    [Fact]
    public void The_adapted_model_keeps_the_base_state_dict_keys_and_adds_the_adapters()
    {
        using var model = LoraTestModels.Mlp();

        LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2 });

        Assert.Equal(
            ["fc1.bias", "fc1.lora_a", "fc1.lora_b", "fc1.weight", "fc2.bias", "fc2.weight"],
            model.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Base_weights_are_bit_unchanged_after_training_while_the_adapters_learn()
    {
        using var model = LoraTestModels.Mlp();
        LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 2, Alpha = 4, Dropout = 0.1, Seed = 5 });
        var before = LoraTestModels.Snapshot(model);

        // The optimizer gets every parameter: only freezing keeps the base weights where they are.
        var losses = LoraTestModels.Train(model, model.parameters(), steps: 20, inputs: 8, outputs: 4);
        var after = LoraTestModels.Snapshot(model);

        Assert.True(losses[^1] < losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        foreach (var name in new[] { "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" })
        {
            Assert.True(LoraTestModels.BitEqual(before[name], after[name]), $"{name} changed");
        }

        foreach (var name in new[] { "fc1.lora_a", "fc1.lora_b", "fc2.lora_a", "fc2.lora_b" })
        {
            Assert.False(LoraTestModels.BitEqual(before[name], after[name]), $"{name} did not train");
        }
    }

    [Fact]
    public void Merged_forward_equals_the_adapter_forward_within_float_tolerance()
    {
        using var model = LoraTestModels.Mlp();
        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 2, Alpha = 4, Seed = 5 });
        LoraTestModels.Train(model, adapters.Parameters(), steps: 10, inputs: 8, outputs: 4);
        using var x = LoraTestModels.Inputs(7, 8);
        using var adapted = model.call(x);

        adapters.Merge();
        using var merged = model.call(x);

        Assert.True(adapters.IsMerged);
        Assert.True(merged.allclose(adapted, rtol: 1e-5, atol: 1e-6), $"max |difference| {(merged - adapted).abs().max().item<float>()}");
    }

    [Fact]
    public void Unmerge_restores_the_weights_within_float_rounding_and_the_adapter_path()
    {
        using var model = LoraTestModels.Mlp();
        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc2"], Rank = 2, Alpha = 4, Seed = 5 });
        LoraTestModels.Train(model, adapters.Parameters(), steps: 10, inputs: 8, outputs: 4);
        var before = LoraTestModels.Snapshot(model);
        using var x = LoraTestModels.Inputs(7, 8);
        using var adapted = model.call(x);

        adapters.Merge();
        adapters.Unmerge();
        var after = LoraTestModels.Snapshot(model);
        using var unmerged = model.call(x);

        Assert.False(adapters.IsMerged);
        Assert.True(after["fc1.weight"].allclose(before["fc1.weight"], rtol: 0, atol: 1e-6));
        Assert.True(after["fc2.weight"].allclose(before["fc2.weight"], rtol: 0, atol: 1e-6));
        Assert.True(unmerged.allclose(adapted, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Merge_and_unmerge_twice_change_the_weight_once()
    {
        using var model = LoraTestModels.Mlp();
        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2, Seed = 5 });
        using (no_grad())
        {
            adapters[0].B.fill_(0.25);
        }

        adapters.Merge();
        using var once = adapters[0].Weight.detach().clone();
        adapters.Merge();

        Assert.True(LoraTestModels.BitEqual(once, adapters[0].Weight));
    }

    [Fact]
    public void A_pattern_adapts_the_linear_layers_it_matches_at_any_depth()
    {
        using var model = LoraTestModels.Nested();

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["*.fc2"], Rank = 2 });

        Assert.Equal(["encoder.fc2"], adapters.Names);
    }

    [Fact]
    public void A_star_adapts_every_linear_layer_and_passes_over_the_rest()
    {
        using var model = LoraTestModels.Nested();

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["*"], Rank = 2 });

        Assert.Equal(["encoder.fc1", "encoder.fc2", "head"], adapters.Names.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(model.named_modules(), m => m.module is Linear);
    }

    [Fact]
    public void A_layer_named_by_two_targets_is_adapted_once()
    {
        using var model = LoraTestModels.Mlp();

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1", "fc*"], Rank = 2 });

        Assert.Equal(["fc1", "fc2"], adapters.Names);
    }

    [Fact]
    public void Replacing_a_child_of_a_custom_module_keeps_the_order_of_its_children()
    {
        using var model = LoraTestModels.Nested();
        var before = model.named_modules().Select(m => m.name).ToList();

        LoraAdapters.Apply(model, new LoraOptions { Targets = ["encoder.fc1"], Rank = 2 });

        Assert.Equal(before, model.named_modules().Select(m => m.name).ToList());
        Assert.IsType<LoraLinear>(model.named_modules().Single(m => m.name == "encoder.fc1").module);
    }

    [Fact]
    public void A_layer_in_a_module_list_is_replaced_where_the_list_and_its_registration_see_it()
    {
        using var model = LoraTestModels.Seeded(new LoraTestModels.Stack(), 4);
        using var x = LoraTestModels.Inputs(3, 4);
        using var before = model.call(x);

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["layers.2"], Rank = 2 });
        using var after = model.call(x);

        Assert.Same(adapters[0], model.Layers[2]);
        Assert.Equal(["layers", "layers.0", "layers.1", "layers.2"], model.named_modules().Select(m => m.name));
        Assert.Same(adapters[0], model.named_modules().Single(m => m.name == "layers.2").module);
        Assert.True(LoraTestModels.BitEqual(before, after));
    }

    [Fact]
    public void Adapters_take_the_training_mode_of_the_layer_they_replace()
    {
        using var model = LoraTestModels.Mlp();
        model.eval();

        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2, Dropout = 0.5 });

        Assert.False(adapters[0].training);
    }

    [Fact]
    public void Dropout_applies_to_the_adapter_path_in_training_mode_only()
    {
        using var model = LoraTestModels.Mlp();
        var adapters = LoraAdapters.Apply(model, new LoraOptions { Targets = ["fc1"], Rank = 2, Dropout = 0.5, Seed = 9 });
        using (no_grad())
        {
            adapters[0].B.fill_(1);
        }

        using var x = LoraTestModels.Inputs(16, 8);
        model.eval();
        using var eval1 = model.call(x);
        using var eval2 = model.call(x);
        model.train();
        using var train1 = model.call(x);
        using var train2 = model.call(x);

        Assert.True(LoraTestModels.BitEqual(eval1, eval2));
        Assert.False(LoraTestModels.BitEqual(train1, train2));
    }
}
