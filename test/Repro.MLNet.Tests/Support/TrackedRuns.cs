using Repro.Profiling;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.MLNet.Tests.Support;

/// <summary>An embedded store in a temporary folder (artifacts need a folder store) and quiet runs on it.</summary>
internal sealed class TrackedRuns : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("repro-mlnet-tests-");

    public TrackedRuns()
    {
        var path = Path.Combine(_folder.FullName, ".repro", "repro.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Store = new SqliteStoreProvider().Create(StoreLocation.Parse("sqlite:" + path, _folder.FullName));
    }

    public IRunStore Store { get; }

    public string ObjectsFolder => Path.Combine(_folder.FullName, ".repro", "objects");

    public Run Start(ulong seed) => Run.Start(new RunOptions
    {
        Store = Store,
        Seed = seed,
        CaptureEnvironment = false,
        HandleProcessEvents = false,
        PrintPhaseTable = false,
        Sampler = new SamplerOptions { Enabled = false },
        EnvironmentReader = _ => null,
    });

    public void Dispose()
    {
        Store.Dispose();
        _folder.Delete(recursive: true);
    }
}
