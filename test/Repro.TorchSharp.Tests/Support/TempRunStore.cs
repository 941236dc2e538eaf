using Repro.Profiling;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.TorchSharp.Tests.Support;

/// <summary>An embedded store in a temporary folder (artifacts need one), deleted with it.</summary>
public sealed class TempRunStore : IDisposable
{
    public TempRunStore()
    {
        Folder = Directory.CreateTempSubdirectory("repro-torch-").FullName;
        Store = new SqliteStoreProvider().Create(StoreLocation.ForProject(Folder));
    }

    public string Folder { get; }

    public IRunStore Store { get; }

    /// <summary>The folder artifact objects are kept in.</summary>
    public string ObjectsFolder => Path.Combine(Folder, ".repro", "objects");

    public Run StartRun(ulong seed = 42) => Run.Start(new RunOptions
    {
        Store = Store,
        Seed = seed,
        AttachToEnvironment = false,
        HandleProcessEvents = false,
        CaptureEnvironment = false,
        PrintPhaseTable = false,
        Sampler = new SamplerOptions { Enabled = false },
    });

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
