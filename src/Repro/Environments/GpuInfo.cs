namespace Repro.Environments;

/// <summary>NVIDIA GPUs: <c>none</c> when there is no driver.</summary>
internal sealed record GpuInfo(string Driver, string Cuda, IReadOnlyList<string> Devices);
