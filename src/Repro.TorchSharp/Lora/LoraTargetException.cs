namespace Repro.TorchSharp.Lora;

/// <summary>
/// A LoRA target cannot be adapted: no module has that name, it is not a <c>Linear</c>, the rank does not fit
/// the layer, or its parent holds it where it cannot be replaced. The message names the target and what to do.
/// The model is left unchanged.
/// </summary>
public sealed class LoraTargetException : ReproException
{
    /// <summary>Creates the exception for one target.</summary>
    /// <param name="target">The target name or pattern as given in <see cref="LoraOptions.Targets"/>.</param>
    /// <param name="message">What is wrong and, where possible, what to do.</param>
    public LoraTargetException(string target, string message) : base(message)
    {
        Target = target;
    }

    /// <summary>The target name or pattern the problem is with.</summary>
    public string Target { get; }
}
