using System.Globalization;
using System.Numerics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Repro.Environments;

/// <summary>
/// Facts about this machine and process that do not change while it runs, each read once, on first use,
/// from cheap sources (runtime properties, small files under /proc and /etc); never a child process.
/// </summary>
internal static class MachineProbes
{
    private static readonly Lazy<IsaInfo> LazyIsa = new(ReadIsa);
    private static readonly Lazy<NativeLibraryInfo> LazyNative = new(ReadNativeLibraries);
    private static readonly Lazy<OsInfo> LazyOs = new(ReadOs);
    private static readonly Lazy<(string Model, long? Memory)> LazyCpuMemory = new(ReadCpuAndMemory);
    private static readonly Lazy<GpuInfo> LazyGpus = new(ReadGpus);
    private static readonly Lazy<ContainerInfo> LazyContainer = new(ReadContainer);
    private static readonly Lazy<PackageGraph> LazyEntryPackages = new(PackageGraphReader.ReadEntryAssembly);

    public static IsaInfo Isa => LazyIsa.Value;

    public static NativeLibraryInfo NativeLibraries => LazyNative.Value;

    public static OsInfo Os => LazyOs.Value;

    public static ContainerInfo Container => LazyContainer.Value;

    /// <summary>The packages of this process's entry assembly (its .deps.json).</summary>
    public static PackageGraph EntryPackages => LazyEntryPackages.Value;

    public static HardwareInfo Hardware => new(
        LazyCpuMemory.Value.Model,
        System.Environment.ProcessorCount,
        LazyCpuMemory.Value.Memory,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        LazyGpus.Value);

    public static ThreadInfo Threads(IReadOnlyDictionary<string, string> variables)
    {
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        var threadVariables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (name.EndsWith("_NUM_THREADS", StringComparison.Ordinal) || name is "DOTNET_PROCESSOR_COUNT" or "DOTNET_GCHeapCount" or "OMP_DYNAMIC" or "MKL_DYNAMIC")
            {
                threadVariables[name] = value;
            }
        }

        return new ThreadInfo(System.Environment.ProcessorCount, minWorkers, maxWorkers, threadVariables);
    }

    public static RuntimeInfo Runtime(string? sdkVersion, string sdkSource, IReadOnlyDictionary<string, string> variables) => new(
        RuntimeInformation.FrameworkDescription,
        System.Environment.Version.ToString(),
        sdkVersion,
        sdkSource,
        RuntimeInformation.RuntimeIdentifier,
        RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
        GCSettings.IsServerGC,
        AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) ? concurrent : true,
        GCSettings.LatencyMode.ToString(),
        Knob("System.Runtime.TieredCompilation", "TieredCompilation", variables),
        Knob("System.Runtime.TieredPGO", "TieredPGO", variables),
        Knob(null, "ReadyToRun", variables),
        AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant,
        ReproVersion);

    /// <summary>The version of the Repro library recording the manifest (without the source-link commit suffix).</summary>
    private static string ReproVersion =>
        (typeof(MachineProbes).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown")
        .Split('+')[0];

    /// <summary>A runtime setting: the environment (DOTNET_X, then COMPlus_X) wins over runtimeconfig.json; else "default".</summary>
    private static string Knob(string? appContextName, string variable, IReadOnlyDictionary<string, string> variables)
    {
        if (variables.TryGetValue("DOTNET_" + variable, out var value) || variables.TryGetValue("COMPlus_" + variable, out value))
        {
            return value == "0" ? "disabled" : value == "1" ? "enabled" : value;
        }

        if (appContextName is not null && AppContext.GetData(appContextName) is { } data)
        {
            return data.ToString() is "false" or "False" ? "disabled" : "enabled";
        }

        return "default";
    }

    private static IsaInfo ReadIsa() => new(
        RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
        Sse42.IsSupported,
        Avx.IsSupported,
        Avx2.IsSupported,
        Fma.IsSupported,
        Avx512F.IsSupported,
        AdvSimd.IsSupported,
        Vector.IsHardwareAccelerated,
        Vector<byte>.Count * 8);

    private static NativeLibraryInfo ReadNativeLibraries()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new NativeLibraryInfo("none", "none");
        }

        return new NativeLibraryInfo(GlibcVersion(), LibstdcxxVersion());
    }

    private delegate IntPtr VersionFunction();

    /// <summary>glibc's own answer (gnu_get_libc_version); "none" on musl and other C libraries.</summary>
    private static string GlibcVersion()
    {
        if (!NativeLibrary.TryLoad("libc.so.6", out var handle))
        {
            return "none";
        }

        if (!NativeLibrary.TryGetExport(handle, "gnu_get_libc_version", out var export))
        {
            return "none";
        }

        var function = Marshal.GetDelegateForFunctionPointer<VersionFunction>(export);
        return Marshal.PtrToStringUTF8(function()) ?? "unknown";
    }

    /// <summary>The file libstdc++.so.6 links to, such as libstdc++.so.6.0.33 (the last number tracks the GCC release).</summary>
    private static string LibstdcxxVersion()
    {
        string[] folders = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib"];
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, "libstdc++.so.6");
            if (!File.Exists(path))
            {
                continue;
            }

            var target = new FileInfo(path).LinkTarget;
            return target is null ? path : Path.GetFileName(target);
        }

        return "none";
    }

    private static OsInfo ReadOs()
    {
        var release = ReadKeyValues("/etc/os-release", '=');
        return new OsInfo(
            RuntimeInformation.OSDescription,
            ReadFirstLine("/proc/sys/kernel/osrelease") ?? System.Environment.OSVersion.VersionString,
            release.GetValueOrDefault("PRETTY_NAME", "unknown"),
            release.GetValueOrDefault("ID", "unknown"),
            release.GetValueOrDefault("VERSION_ID", "unknown"));
    }

    private static (string Model, long? Memory) ReadCpuAndMemory()
    {
        var model = "unknown";
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                // x86 says "model name", Arm says "Model" or only "CPU part".
                if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                {
                    model = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    break;
                }
            }
        }

        long? memory = null;
        var memTotal = ReadKeyValues("/proc/meminfo", ':').GetValueOrDefault("MemTotal");
        if (memTotal is not null && long.TryParse(memTotal.Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
        {
            memory = kb * 1024;
        }

        return (model, memory);
    }

    private static GpuInfo ReadGpus()
    {
        var version = ReadFirstLine("/proc/driver/nvidia/version");
        if (version is null)
        {
            return new GpuInfo("none", "none", []);
        }

        // "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023"
        var words = version.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var moduleAt = Array.IndexOf(words, "Module");
        var driver = moduleAt >= 0 && moduleAt + 1 < words.Length ? words[moduleAt + 1] : version.Trim();
        var devices = new List<string>();
        if (Directory.Exists("/proc/driver/nvidia/gpus"))
        {
            foreach (var folder in Directory.GetDirectories("/proc/driver/nvidia/gpus").Order(StringComparer.Ordinal))
            {
                var model = ReadKeyValues(Path.Combine(folder, "information"), ':').GetValueOrDefault("Model");
                devices.Add($"{model ?? "unknown"} ({Path.GetFileName(folder)})");
            }
        }

        return new GpuInfo(driver, CudaVersion(), devices);
    }

    /// <summary>The CUDA toolkit version: CUDA_VERSION (set in NVIDIA's images), else the toolkit's version.json.</summary>
    private static string CudaVersion()
    {
        var fromVariable = System.Environment.GetEnvironmentVariable("CUDA_VERSION");
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            return fromVariable;
        }

        const string versionFile = "/usr/local/cuda/version.json";
        if (!File.Exists(versionFile))
        {
            return "none";
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(versionFile));
            return document.RootElement.TryGetProperty("cuda", out var cuda) && cuda.TryGetProperty("version", out var v)
                ? v.GetString() ?? "unknown"
                : "unknown";
        }
        catch (System.Text.Json.JsonException)
        {
            return "unknown";
        }
    }

    private static ContainerInfo ReadContainer()
    {
        if (File.Exists("/.dockerenv"))
        {
            return new ContainerInfo("docker", "/.dockerenv");
        }

        if (File.Exists("/run/.containerenv"))
        {
            return new ContainerInfo("podman", "/run/.containerenv");
        }

        if (System.Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null)
        {
            return new ContainerInfo("kubernetes", "KUBERNETES_SERVICE_HOST is set");
        }

        var cgroup = ReadAllOrNull("/proc/1/cgroup") ?? string.Empty;
        foreach (var kind in new[] { "docker", "kubepods", "containerd", "lxc", "libpod" })
        {
            if (cgroup.Contains(kind, StringComparison.Ordinal))
            {
                return new ContainerInfo(kind, "/proc/1/cgroup");
            }
        }

        if (System.Environment.GetEnvironmentVariable("container") is { Length: > 0 } named)
        {
            return new ContainerInfo(named, "the container variable");
        }

        return new ContainerInfo("none", "no marker found");
    }

    internal static string? ReadFirstLine(string path)
    {
        var text = ReadAllOrNull(path);
        return text?.Split('\n', 2)[0].Trim();
    }

    private static string? ReadAllOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> ReadKeyValues(string path, char separator)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = ReadAllOrNull(path);
        if (text is null)
        {
            return values;
        }

        foreach (var line in text.Split('\n'))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0)
            {
                values.TryAdd(line[..at].Trim(), line[(at + 1)..].Trim().Trim('"'));
            }
        }

        return values;
    }
}
