using Repro.Environments;
using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tests.Tracking;
using Repro.Tracking;

namespace Repro.Tests.Environments;

public sealed class NativePatchesTests : IDisposable
{
    private const string Record = """
        {
          "library": "libnative.so",
          "change": "version requirement GLIBCXX_3.4.32 marked weak",
          "original_sha256": "aa",
          "patched_sha256": "bb",
          "lines": 3
        }
        """;

    private readonly string _program = Directory.CreateTempSubdirectory("repro-program-").FullName;

    public void Dispose() => Directory.Delete(_program, recursive: true);

    private void WriteRecord(string relativeLibrary, string content = Record)
    {
        var path = Path.Combine(_program, relativeLibrary + NativePatches.RecordSuffix);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Records_beside_the_program_and_in_its_runtime_native_folders_are_found_by_library()
    {
        WriteRecord("libnative.so");
        WriteRecord("runtimes/linux-x64/native/libother.so");
        File.WriteAllText(Path.Combine(_program, "unrelated.json"), "{}");

        var patches = NativePatches.Find(_program);

        Assert.Equal(["libnative.so", "runtimes/linux-x64/native/libother.so"], patches.Keys);
        Assert.Equal("bb", patches["libnative.so"]["patched_sha256"]);
        Assert.Equal("3", patches["libnative.so"]["lines"]);
    }

    [Fact]
    public void An_unreadable_record_is_listed_as_such_instead_of_failing()
    {
        WriteRecord("libbroken.so", "{ not json");

        var patches = NativePatches.Find(_program);

        Assert.Contains("unreadable", patches["libbroken.so"].Keys);
    }

    [Fact]
    public void A_missing_program_folder_has_no_patches()
    {
        Assert.Empty(NativePatches.Find(Path.Combine(_program, "missing")));
    }

    [Fact]
    public void A_run_started_in_process_lists_the_patches_beside_its_program_in_the_manifest()
    {
        WriteRecord("libnative.so");
        var store = new InMemoryRunStore();

        using (var run = Run.Start(Options(store)))
        {
            var manifest = ManifestCapture.Load(store, run.Id)!;

            Assert.Equal("aa", manifest.NativeLibraries.Patches["libnative.so"]["original_sha256"]);
        }

        store.WriteGate.Dispose();
    }

    [Fact]
    public void A_program_attaching_to_a_wrapped_run_adds_its_patches_to_the_manifest_the_wrapper_captured()
    {
        WriteRecord("libnative.so");
        var store = new InMemoryRunStore();
        var wrapped = store.CreateRun(new NewRun(RunId.New(), "default", "wrapped", 0, 7, null, null));
        // As `repro run` does: captured from its own folder, before the program starts, with no program folder.
        var captured = ManifestCapture.Capture(new ManifestRequest(_program, ["dotnet", "train.dll"], "repro run", 7, [], null, PackagesFromLockFiles: true), TimeProvider.System);
        ManifestCapture.Save(store, wrapped.Id, captured);
        Assert.Empty(captured.Manifest.NativeLibraries.Patches);

        using (Run.Start(Options(store) with { EnvironmentReader = name => name == RunEnvironment.RunId ? wrapped.Id.Value : null }))
        {
        }

        var amended = ManifestCapture.Load(store, wrapped.Id)!;
        Assert.Equal("bb", amended.NativeLibraries.Patches["libnative.so"]["patched_sha256"]);
        Assert.Equal(captured.Manifest.Command!.Args, amended.Command!.Args);
        Assert.Equal(captured.Manifest.CapturedMs, amended.CapturedMs);
        store.WriteGate.Dispose();
    }

    [Fact]
    public void An_attaching_program_without_patches_leaves_the_stored_manifest_as_it_was()
    {
        var store = new InMemoryRunStore();
        var wrapped = store.CreateRun(new NewRun(RunId.New(), "default", "wrapped", 0, 7, null, null));
        var captured = ManifestCapture.Capture(new ManifestRequest(_program, ["bash", "train.sh"], "repro run", 7, [], null, PackagesFromLockFiles: true), TimeProvider.System);
        ManifestCapture.Save(store, wrapped.Id, captured);

        using (Run.Start(Options(store) with { EnvironmentReader = name => name == RunEnvironment.RunId ? wrapped.Id.Value : null }))
        {
        }

        Assert.Equal(captured.Json, store.GetRunText(wrapped.Id, EnvironmentManifest.TextName));
        store.WriteGate.Dispose();
    }

    [Fact]
    public void A_patched_library_is_a_numeric_difference_between_two_manifests()
    {
        var unpatched = ManifestCapture.Capture(new ManifestRequest(_program, null, "process", 1, [], null, PackagesFromLockFiles: false, _program), TimeProvider.System).Manifest;
        WriteRecord("libnative.so");
        var patched = ManifestCapture.Capture(new ManifestRequest(_program, null, "process", 1, [], null, PackagesFromLockFiles: false, _program), TimeProvider.System).Manifest;

        var changes = ManifestComparison.Compare(unpatched, patched);

        var change = Assert.Single(changes, c => c.Section == "native_libraries");
        Assert.True(change.AffectsNumerics);
        Assert.Equal("patches/libnative.so", change.Key);
        Assert.Null(change.A);
        Assert.Contains("\"patched_sha256\":\"bb\"", change.B, StringComparison.Ordinal);
    }

    private RunOptions Options(InMemoryRunStore store) => new()
    {
        Store = store,
        TimeProvider = new ManualTimeProvider(),
        HandleProcessEvents = false,
        EnvironmentReader = _ => null,
        ProgramFolder = _program,
    };
}
