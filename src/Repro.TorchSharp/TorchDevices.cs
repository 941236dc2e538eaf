using System.Globalization;
using Repro.Tracking;
using TorchSharp;

namespace Repro.TorchSharp;

/// <summary>
/// Chooses the device a run computes on: <c>auto</c> takes the first CUDA device when libtorch can use one and falls
/// back to the CPU (saying so on stderr); an explicit device the process cannot use is an error, never a silent fallback.
/// </summary>
public static class TorchDevices
{
    /// <summary>The accepted device names, for messages.</summary>
    public const string Forms = "auto, cpu, cuda or cuda:N";

    /// <summary>The param the chosen device is recorded under (results can differ between devices).</summary>
    public const string DeviceParam = "torch.device";

    /// <summary>The tag that says why the device was chosen.</summary>
    public const string ReasonTag = "torch.device_reason";

    /// <summary>
    /// Chooses a device and, when <paramref name="run"/> is given, records it as the param <see cref="DeviceParam"/>
    /// and the reason as the tag <see cref="ReasonTag"/>. When <c>auto</c> falls back to the CPU, a one-line notice is
    /// written to stderr.
    /// </summary>
    /// <param name="requested"><c>auto</c> (default), <c>cpu</c>, <c>cuda</c> (the first CUDA device) or <c>cuda:N</c>; case and surrounding spaces are ignored.</param>
    /// <param name="run">The run to record the choice on, or null.</param>
    /// <exception cref="DeviceUnavailableException">The name is not a device, or names a CUDA device this process cannot use (the message lists those it can).</exception>
    /// <exception cref="InvalidRunDataException">The run already records another device.</exception>
    public static DeviceChoice Select(string requested = "auto", Run? run = null)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var cudaDevices = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        var (name, reason, fellBack) = Choose(requested, cudaDevices);
        if (run is not null)
        {
            run.LogParam(DeviceParam, name);
            run.SetTag(ReasonTag, reason);
        }

        if (fellBack)
        {
            Console.Error.WriteLine($"repro: {reason}.");
        }

        return new DeviceChoice(new torch.Device(name), name, reason);
    }

    /// <summary>The choice for <paramref name="requested"/> when libtorch sees <paramref name="cudaDevices"/> CUDA devices.</summary>
    internal static (string Name, string Reason, bool FellBack) Choose(string requested, int cudaDevices)
    {
        var text = requested.Trim().ToLowerInvariant();
        switch (text)
        {
            case "cpu":
                return ("cpu", "asked for cpu", false);
            case "auto":
                return cudaDevices > 0
                    ? ("cuda:0", $"auto: {cudaDevices} CUDA device(s), using the first", false)
                    : ("cpu", "auto: no CUDA device (this libtorch has no CUDA support, or no GPU and driver), so the CPU", true);
        }

        int index;
        if (text == "cuda")
        {
            index = 0;
        }
        else if (!text.StartsWith("cuda:", StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw new DeviceUnavailableException(requested, Available(cudaDevices), $"Unknown device '{requested}': expected {Forms}.");
        }

        if (index >= cudaDevices)
        {
            var available = Available(cudaDevices);
            var sees = cudaDevices == 0
                ? "this process sees no CUDA device (this libtorch has no CUDA support, or no GPU and driver)"
                : $"this process sees {cudaDevices} CUDA device(s)";
            throw new DeviceUnavailableException(requested, available,
                $"Device '{requested}' is not available: {sees}; available: {string.Join(", ", available)}. Use 'auto' to fall back to the CPU.");
        }

        return ($"cuda:{index}", $"asked for {text}", false);
    }

    private static string[] Available(int cudaDevices) =>
        ["cpu", .. Enumerable.Range(0, cudaDevices).Select(i => string.Create(CultureInfo.InvariantCulture, $"cuda:{i}"))];
}
