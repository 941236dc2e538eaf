using Repro.Storage.Conformance;

namespace Repro.Storage.Sqlite.Tests;

/// <summary>The embedded store passes the shared store specification.</summary>
public sealed class SqliteRunStoreTests : RunStoreConformanceTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-sqlite-").FullName;

    protected override IRunStore CreateStore() =>
        SqliteRunStore.Create(Path.Combine(_folder, Guid.NewGuid().ToString("N"), ".repro", "repro.db"));

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
