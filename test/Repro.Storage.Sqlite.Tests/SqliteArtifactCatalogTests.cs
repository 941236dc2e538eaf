using Microsoft.Data.Sqlite;
using Repro.Artifacts;
using Repro.Tracking;

namespace Repro.Storage.Sqlite.Tests;

public sealed class SqliteArtifactCatalogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-catalog-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string StorePath => Path.Combine(_folder, ".repro", "repro.db");

    private static NewArtifactVersion Version(string digest, long ms = 1) =>
        new(new ArtifactName("dataset", "d"), digest, false, 1, 1, null, null, ms);

    private static string Digest(int i) => ContentDigest.Of(BitConverter.GetBytes(i));

    [Fact]
    public void A_version_1_store_is_upgraded_to_hold_artifacts_and_keeps_its_runs()
    {
        RunId id;
        using (var store = SqliteRunStore.Create(StorePath))
        {
            id = store.CreateRun(new NewRun(RunId.New(), "exp", "kept", 1, 7, null, null)).Id;
        }

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "DROP TABLE artifact_versions; DROP TABLE artifact_aliases; DROP TABLE artifact_uses; PRAGMA user_version = 1;";
            cmd.ExecuteNonQuery();
        }

        using var upgraded = SqliteRunStore.Open(StorePath);
        var (version, created) = upgraded.AddVersion(Version(Digest(1)));

        Assert.True(created);
        Assert.Equal(1, version.Version);
        Assert.Equal("kept", upgraded.GetRun(id).Name);
        using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        check.Open();
        using var read = check.CreateCommand();
        read.CommandText = "PRAGMA user_version";
        Assert.Equal(2L, read.ExecuteScalar());
    }

    [Fact]
    public void Versions_are_numbered_per_name_the_same_digest_keeps_its_version_and_latest_follows_the_newest()
    {
        using var store = SqliteRunStore.Create(StorePath);

        var v1 = store.AddVersion(Version(Digest(1)));
        var v2 = store.AddVersion(Version(Digest(2)));
        var again = store.AddVersion(Version(Digest(1)));
        var other = store.AddVersion(Version(Digest(1)) with { Name = new ArtifactName("model", "d") });

        Assert.Equal((1, true), (v1.Version.Version, v1.Created));
        Assert.Equal((2, true), (v2.Version.Version, v2.Created));
        Assert.Equal((1, false), (again.Version.Version, again.Created));
        Assert.Equal(1, other.Version.Version);
        Assert.Equal(2, store.FindAlias(new ArtifactName("dataset", "d"), "latest")!.Version);
        Assert.Equal(["dataset", "model"], store.KindsOf("d"));
    }

    [Fact]
    public void Concurrent_writers_in_one_process_get_unique_gapless_versions()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => SqliteRunStore.Create(StorePath)).ToList();
        try
        {
            Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => stores[i % 4].AddVersion(Version(Digest(i))));

            var numbers = stores[0].ListVersions(new ArtifactName("dataset", "d")).Select(v => v.Version).ToArray();
            Assert.Equal(Enumerable.Range(1, 40).ToArray(), numbers);
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }
}
