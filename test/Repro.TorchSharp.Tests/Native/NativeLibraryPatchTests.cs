using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Repro.Profiling;
using Repro.TorchSharp.Tests.Support;
using Repro.Tracking;
using TorchSharp;

namespace Repro.TorchSharp.Tests.Native;

/// <summary>
/// The build step (src/Repro.TorchSharp/build/Repro.TorchSharp.targets) that marks libLibTorchSharp.so's GLIBCXX_3.4.32
/// requirement weak on hosts whose C++ runtime lacks it, checked against the NuGet package's original file.
/// </summary>
public sealed class NativeLibraryPatchTests
{
    private const string Library = "libLibTorchSharp.so";
    private const string Version = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static string Output => Path.Combine(AppContext.BaseDirectory, Library);

    private static string Marker => Output + ".repro-patch.json";

    [Fact]
    public void Torch_loads_and_computes_on_this_host()
    {
        using var x = torch.arange(6, dtype: torch.float32);

        using var sum = x.sum();

        Assert.Equal(15f, sum.item<float>());
    }

    [Fact]
    public void The_output_library_differs_from_the_packages_only_in_the_flags_of_the_glibcxx_3_4_32_need_and_only_when_the_host_lacks_it()
    {
        var original = File.ReadAllBytes(PackageOriginal());
        var output = File.ReadAllBytes(Output);

        if (!HostLacksVersion())
        {
            Assert.Equal(original, output);
            Assert.False(File.Exists(Marker));
            return;
        }

        var flags = VernauxFlagsOffset(original, Version);
        Assert.Equal(original.Length, output.Length);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != output[i]).ToList();
        Assert.NotEmpty(differing);
        Assert.All(differing, i => Assert.InRange(i, flags, flags + 1));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(flags)) & VerFlagWeak);
        Assert.Equal(
            BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(flags)) | VerFlagWeak,
            BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(flags)));
    }

    [Fact]
    public void The_patch_record_names_the_digests_of_the_original_and_the_patched_file()
    {
        if (!HostLacksVersion())
        {
            Assert.False(File.Exists(Marker));
            return;
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(Marker));

        Assert.Equal(Sha256(PackageOriginal()), record.RootElement.GetProperty("original_sha256").GetString());
        Assert.Equal(Sha256(Output), record.RootElement.GetProperty("patched_sha256").GetString());
        Assert.Equal(Library, record.RootElement.GetProperty("library").GetString());
        Assert.Contains(Version, record.RootElement.GetProperty("change").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_started_by_this_program_records_the_patch_in_its_manifest()
    {
        using var store = new TempRunStore();
        RunId id;
        using (var run = Run.Start(new RunOptions
        {
            Store = store.Store,
            AttachToEnvironment = false,
            HandleProcessEvents = false,
            PrintPhaseTable = false,
            Sampler = new SamplerOptions { Enabled = false },
        }))
        {
            id = run.Id;
        }

        using var manifest = JsonDocument.Parse(store.Store.GetRunText(id, "manifest")!);
        var patches = manifest.RootElement.GetProperty("native_libraries").GetProperty("patches");

        if (!File.Exists(Marker))
        {
            Assert.False(patches.TryGetProperty(Library, out _));
            return;
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(Marker));
        Assert.Equal(
            record.RootElement.GetProperty("patched_sha256").GetString(),
            patches.GetProperty(Library).GetProperty("patched_sha256").GetString());
    }

    /// <summary>The library as the TorchSharp package ships it, from the NuGet package folder the build restored from.</summary>
    private static string PackageOriginal()
    {
        var version = typeof(torch).Assembly.GetName().Version!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", Library);
        Assert.True(File.Exists(path), $"The TorchSharp package's {Library} is not at {path}: restore the solution first.");
        return path;
    }

    private static bool HostLacksVersion()
    {
        string[] folders = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib"];
        var runtime = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(folders)
            .Select(folder => Path.Combine(folder, "libstdc++.so.6"))
            .First(File.Exists);
        return File.ReadAllBytes(runtime).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Version + "\0")) < 0;
    }

    /// <summary>
    /// The file offset of vna_flags in the Elf64_Vernaux entry (of the .gnu.version_r section) that names
    /// <paramref name="version"/>: entries are vna_hash (4 bytes), vna_flags (2), vna_other (2), vna_name (4), vna_next (4).
    /// </summary>
    private static int VernauxFlagsOffset(byte[] elf, string version)
    {
        var span = elf.AsSpan();
        var sectionTable = (int)BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var sections = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        for (var i = 0; i < sections; i++)
        {
            var header = span[(sectionTable + (i * sectionSize))..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
            {
                continue;
            }

            var stringsHeader = span[(sectionTable + ((int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]) * sectionSize))..];
            var strings = (int)BinaryPrimitives.ReadInt64LittleEndian(stringsHeader[0x18..]);
            var need = (int)BinaryPrimitives.ReadInt64LittleEndian(header[0x18..]);
            for (var n = 0u; n < BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]); n++)
            {
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 8)..]);
                for (var a = 0; a < BinaryPrimitives.ReadUInt16LittleEndian(span[(need + 2)..]); a++)
                {
                    var name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    if (Encoding.ASCII.GetString(span[name..(name + span[name..].IndexOf((byte)0))]) == version)
                    {
                        return aux + 4;
                    }

                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 12)..]);
            }
        }

        throw new InvalidOperationException($"The library names no {version} need.");
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
