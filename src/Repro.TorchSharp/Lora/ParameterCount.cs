using TorchSharp;

namespace Repro.TorchSharp.Lora;

/// <summary>How many parameter elements a model has, and how many of them train (<c>requires_grad</c>).</summary>
/// <param name="Trainable">Elements of the parameters that require gradients.</param>
/// <param name="Total">Elements of all parameters; a parameter shared by several modules counts once.</param>
public sealed record ParameterCount(long Trainable, long Total)
{
    /// <summary>Trainable / Total, 0 for a model without parameters.</summary>
    public double TrainableFraction => Total == 0 ? 0 : (double)Trainable / Total;

    /// <summary>Counts the parameters of <paramref name="model"/> and its submodules.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static ParameterCount Of(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        long trainable = 0;
        long total = 0;
        foreach (var parameter in model.parameters())
        {
            if (!seen.Add(parameter))
            {
                continue;
            }

            total += parameter.numel();
            if (parameter.requires_grad)
            {
                trainable += parameter.numel();
            }
        }

        return new ParameterCount(trainable, total);
    }
}
