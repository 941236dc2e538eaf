using TorchSharp;

namespace Repro.TorchSharp;

/// <summary>The device a run computes on, and why (see <see cref="TorchDevices.Select"/>).</summary>
/// <param name="Device">The torch device.</param>
/// <param name="Name"><c>cpu</c> or <c>cuda:N</c>.</param>
/// <param name="Reason">Why this device, in words, such as "auto: no CUDA device, so the CPU".</param>
public sealed record DeviceChoice(torch.Device Device, string Name, string Reason)
{
    /// <summary>True when the choice is the CPU.</summary>
    public bool IsCpu => Name == "cpu";
}
