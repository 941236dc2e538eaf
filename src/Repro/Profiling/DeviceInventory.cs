using Repro.Environments;

namespace Repro.Profiling;

/// <summary>The compute devices of this machine: its CPU and the NVIDIA GPUs NVML reports.</summary>
/// <param name="CpuModel">The CPU's model name.</param>
/// <param name="LogicalCores">Logical cores this process may use.</param>
/// <param name="Gpus">The usable GPUs, by index.</param>
/// <param name="GpuNote">Why there are no GPUs (no driver, NVML failed), or empty.</param>
internal sealed record DeviceInventory(string CpuModel, int LogicalCores, IReadOnlyList<GpuDevice> Gpus, string GpuNote)
{
    /// <summary>Looks at the machine now; NVML is opened and closed again.</summary>
    public static DeviceInventory Probe(NvmlOpener open)
    {
        var hardware = MachineProbes.Hardware;
        using var nvml = open(out var reason);
        if (nvml is null)
        {
            return new DeviceInventory(hardware.CpuModel, hardware.LogicalCores, [], reason);
        }

        try
        {
            var gpus = new List<GpuDevice>();
            for (var i = 0; i < nvml.DeviceCount; i++)
            {
                gpus.Add(new GpuDevice(i, nvml.DeviceName(i), nvml.Read(i).MemoryTotalBytes));
            }

            return new DeviceInventory(hardware.CpuModel, hardware.LogicalCores, gpus, gpus.Count == 0 ? "NVML reports no GPU" : string.Empty);
        }
        catch (NvmlException ex)
        {
            return new DeviceInventory(hardware.CpuModel, hardware.LogicalCores, [], ex.Message);
        }
    }
}
