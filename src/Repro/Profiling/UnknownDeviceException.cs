namespace Repro.Profiling;

/// <summary>A device was asked for that is not a device name, or that this machine does not have.</summary>
internal sealed class UnknownDeviceException(string message) : ReproException(message);
