using System.Globalization;

namespace Repro.Profiling;

/// <summary>The device a run is to use, and why: the answer to <c>--device auto|cpu|cuda[:N]</c>.</summary>
/// <param name="Device">"cpu" or "cuda:N".</param>
/// <param name="Reason">Why, in words (recorded on the run).</param>
/// <param name="Notice">A one-line notice for the user when <c>auto</c> fell back to the CPU, or null.</param>
internal sealed record DeviceSelection(string Device, string Reason, string? Notice)
{
    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "auto, cpu, cuda or cuda:N";

    /// <summary>Chooses a device for <paramref name="requested"/> on a machine with <paramref name="inventory"/>.</summary>
    /// <exception cref="UnknownDeviceException">The request is not a device name, or names a GPU this machine does not have.</exception>
    public static DeviceSelection Choose(string requested, DeviceInventory inventory)
    {
        var text = requested.Trim().ToLowerInvariant();
        if (text == "cpu")
        {
            return new DeviceSelection("cpu", "asked for cpu", null);
        }

        if (text == "auto")
        {
            if (inventory.Gpus.Count > 0)
            {
                var gpu = inventory.Gpus[0];
                return new DeviceSelection("cuda:0", $"auto: {inventory.Gpus.Count} GPU(s) found; the first is {gpu.Name}", null);
            }

            var why = $"auto: no usable GPU ({inventory.GpuNote}), so the CPU";
            return new DeviceSelection("cpu", why, $"no usable GPU ({inventory.GpuNote}); running on the CPU.");
        }

        int index;
        if (text == "cuda")
        {
            index = 0;
        }
        else if (!text.StartsWith("cuda:", StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw new UnknownDeviceException($"Unknown device '{requested}': expected {Forms}.");
        }

        if (inventory.Gpus.Count == 0)
        {
            throw new UnknownDeviceException($"Device '{requested}' is not available: no usable GPU ({inventory.GpuNote}). Use --device auto to fall back to the CPU.");
        }

        if (index >= inventory.Gpus.Count)
        {
            throw new UnknownDeviceException(
                $"Device '{requested}' is not available: this machine has {inventory.Gpus.Count} GPU(s), cuda:0 to cuda:{inventory.Gpus.Count - 1}.");
        }

        return new DeviceSelection($"cuda:{index}", $"asked for {text}: {inventory.Gpus[index].Name}", null);
    }
}
