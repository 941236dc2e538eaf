using System.Runtime.InteropServices;

namespace Repro.Profiling;

/// <summary>
/// The real NVML (<c>libnvidia-ml.so.1</c>, installed with the NVIDIA driver), loaded at run time only
/// when present, through function pointers: a machine without the driver never touches it.
/// </summary>
internal sealed unsafe class NvmlLibrary : INvml
{
    private const int Success = 0;
    private const int NotSupported = 3;
    private const int TemperatureGpu = 0;

    private readonly nint _library;
    private readonly nint[] _devices;
    private readonly delegate* unmanaged<int> _shutdown;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _getName;
    private readonly delegate* unmanaged<nint, Utilization*, int> _getUtilization;
    private readonly delegate* unmanaged<nint, Memory*, int> _getMemory;
    private readonly delegate* unmanaged<nint, uint*, int> _getPower;
    private readonly delegate* unmanaged<nint, int, uint*, int> _getTemperature;
    private readonly delegate* unmanaged<nint, ulong*, int> _getEnergy;
    private readonly delegate* unmanaged<int, byte*> _errorString;
    private int _disposed;

    private NvmlLibrary(nint library)
    {
        _library = library;
        _shutdown = (delegate* unmanaged<int>)Export("nvmlShutdown");
        _getName = (delegate* unmanaged<nint, byte*, uint, int>)Export("nvmlDeviceGetName");
        _getUtilization = (delegate* unmanaged<nint, Utilization*, int>)Export("nvmlDeviceGetUtilizationRates");
        _getMemory = (delegate* unmanaged<nint, Memory*, int>)Export("nvmlDeviceGetMemoryInfo");
        _getPower = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetPowerUsage");
        _getTemperature = (delegate* unmanaged<nint, int, uint*, int>)Export("nvmlDeviceGetTemperature");
        _getEnergy = (delegate* unmanaged<nint, ulong*, int>)Export("nvmlDeviceGetTotalEnergyConsumption");
        _errorString = (delegate* unmanaged<int, byte*>)Export("nvmlErrorString");
        var init = (delegate* unmanaged<int>)Export("nvmlInit_v2");
        Check("nvmlInit_v2", init());
        var getCount = (delegate* unmanaged<uint*, int>)Export("nvmlDeviceGetCount_v2");
        var getHandle = (delegate* unmanaged<uint, nint*, int>)Export("nvmlDeviceGetHandleByIndex_v2");
        var getDriver = (delegate* unmanaged<byte*, uint, int>)Export("nvmlSystemGetDriverVersion");
        uint count;
        Check("nvmlDeviceGetCount_v2", getCount(&count));
        _devices = new nint[count];
        for (uint i = 0; i < count; i++)
        {
            nint handle;
            Check("nvmlDeviceGetHandleByIndex_v2", getHandle(i, &handle));
            _devices[i] = handle;
        }

        var buffer = stackalloc byte[96];
        DriverVersion = getDriver(buffer, 96) == Success ? Utf8(buffer) : "unknown";
    }

    public string DriverVersion { get; }

    public int DeviceCount => _devices.Length;

    /// <summary>
    /// Loads NVML and initialises it. Returns null, with the reason in <paramref name="reason"/>, when
    /// the library is not installed or fails to start (no driver, no GPU, a container without the device).
    /// </summary>
    public static NvmlLibrary? TryOpen(out string reason)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libnvidia-ml.so.1", out var library))
        {
            reason = "libnvidia-ml.so.1 (the NVIDIA driver) is not installed";
            return null;
        }

        try
        {
            reason = string.Empty;
            return new NvmlLibrary(library);
        }
        catch (Exception ex) when (ex is NvmlException or EntryPointNotFoundException)
        {
            NativeLibrary.Free(library);
            reason = ex.Message;
            return null;
        }
    }

    public string DeviceName(int index)
    {
        var buffer = stackalloc byte[96];
        Check("nvmlDeviceGetName", _getName(Device(index), buffer, 96));
        return Utf8(buffer);
    }

    public GpuReading Read(int index)
    {
        var device = Device(index);
        Utilization utilization;
        Check("nvmlDeviceGetUtilizationRates", _getUtilization(device, &utilization));
        Memory memory;
        Check("nvmlDeviceGetMemoryInfo", _getMemory(device, &memory));
        uint power;
        uint temperature;
        ulong energy;
        return new GpuReading(
            utilization.Gpu,
            memory.Used,
            memory.Total,
            Optional("nvmlDeviceGetPowerUsage", _getPower(device, &power)) ? power : null,
            Optional("nvmlDeviceGetTemperature", _getTemperature(device, TemperatureGpu, &temperature)) ? temperature : null,
            Optional("nvmlDeviceGetTotalEnergyConsumption", _getEnergy(device, &energy)) ? energy : null);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = _shutdown();
            NativeLibrary.Free(_library);
        }
    }

    private static string Utf8(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    private nint Device(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _devices.Length);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _devices[index];
    }

    private nint Export(string name) => NativeLibrary.TryGetExport(_library, name, out var address)
        ? address
        : throw new EntryPointNotFoundException($"NVML has no {name}; the driver is too old");

    private bool Optional(string call, int code)
    {
        if (code == NotSupported)
        {
            return false;
        }

        Check(call, code);
        return true;
    }

    private void Check(string call, int code)
    {
        if (code != Success)
        {
            var message = _errorString is null ? null : Marshal.PtrToStringUTF8((nint)_errorString(code));
            throw new NvmlException($"{call} failed: {message ?? "error"} ({code})");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Utilization
    {
        public uint Gpu;
        public uint Memory;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Memory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }
}
