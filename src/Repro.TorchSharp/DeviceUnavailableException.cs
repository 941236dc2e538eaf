namespace Repro.TorchSharp;

/// <summary>A device was asked for that is not a device name, or that this process cannot use.</summary>
public sealed class DeviceUnavailableException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="requested">The device asked for, as given.</param>
    /// <param name="available">The devices this process can use, such as <c>["cpu"]</c> or <c>["cpu", "cuda:0"]</c>.</param>
    /// <param name="message">What went wrong and what to do.</param>
    public DeviceUnavailableException(string requested, IReadOnlyList<string> available, string message)
        : base(message)
    {
        Requested = requested;
        Available = available;
    }

    /// <summary>The device asked for, as given.</summary>
    public string Requested { get; }

    /// <summary>The devices this process can use.</summary>
    public IReadOnlyList<string> Available { get; }
}
