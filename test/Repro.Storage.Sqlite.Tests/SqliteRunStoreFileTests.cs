using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Repro.Tracking;

namespace Repro.Storage.Sqlite.Tests;

/// <summary>What the embedded store does with the file it is pointed at: read-only, foreign, missing, journal mode.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SqliteRunStoreFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repro-file-").FullName;

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string StorePath => Path.Combine(_folder, ".repro", "repro.db");

    private static NewRun NewRun(string name = "run") =>
        new(RunId.New(), "exp", name, 1_700_000_000_000, 42, null, new RunOwner("host", 1, 1));

    [Fact]
    public void A_read_only_store_serves_reads_refuses_every_write_and_stays_byte_for_byte_unchanged()
    {
        RunId id;
        using (var writable = SqliteRunStore.Create(StorePath))
        {
            id = writable.CreateRun(NewRun()).Id;
            writable.WriteBatch(id, new RunBatch(
                [new MetricPoint("loss", 0.5, 1, 1_700_000_000_001)],
                [KeyValuePair.Create("lr", "0.01")],
                [KeyValuePair.Create("team", "vision")]));
            writable.PutRunText(id, "stdout", "hello");
        }

        // The tests run as root, who could write anyway: the store honours the mode bits on purpose.
        File.SetUnixFileMode(StorePath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = SHA256.HashData(File.ReadAllBytes(StorePath));

        using (var store = SqliteRunStore.Open(StorePath))
        {
            Assert.Equal("loss", Assert.Single(store.GetMetricKeys(id)));
            Assert.Equal(0.5, Assert.Single(store.GetMetricHistory(id, "loss")).Value);
            Assert.Equal("0.01", store.GetRunData(id).Params["lr"]);
            Assert.Equal(id, Assert.Single(store.SearchRuns(new RunQuery { Filter = RunFilter.Parse("tags.team = 'vision'") })).Id);
            Assert.Equal("exp", Assert.Single(store.ListExperiments()).Name);
            Assert.Equal(id, store.ResolveRun(id.Value[..6]));
            Assert.Equal("hello", store.GetRunText(id, "stdout"));

            Action[] writes =
            [
                () => store.CreateRun(NewRun("second")),
                () => store.GetOrCreateExperiment("new", 1),
                () => store.WriteBatch(id, RunBatch.OfMetrics([new MetricPoint("loss", 0.4, 2, 1)])),
                () => store.WriteBatch(id, RunBatch.OfParams(KeyValuePair.Create("epochs", "3"))),
                () => store.WriteBatch(id, RunBatch.OfTags(KeyValuePair.Create("team", "speech"))),
                () => store.TryEndRun(id, RunStatus.Running, RunStatus.Finished, 2),
                () => store.PutRunText(id, "stderr", "oops"),
            ];
            foreach (var write in writes)
            {
                var error = Assert.Throws<StoreException>(write);
                Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
                Assert.False(error.IsTransient);
            }

            Assert.Equal(RunStatus.Running, store.GetRun(id).Status);
        }

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(StorePath)));
    }

    [Fact]
    public void Starting_a_run_in_a_read_only_store_fails_with_a_store_error()
    {
        SqliteRunStore.Create(StorePath).Dispose();
        File.SetUnixFileMode(StorePath, UnixFileMode.UserRead);
        using var store = SqliteRunStore.Open(StorePath);

        var error = Assert.Throws<StoreException>(() =>
            Run.Start(new RunOptions { Store = store, HandleProcessEvents = false, EnvironmentReader = _ => null }));

        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.SearchRuns(new RunQuery()));
    }

    [Theory]
    [InlineData("This is a text file, not a database.\n")]
    [InlineData("SQLite format 3\0 but then garbage that is not a valid header at all, padded to be long enough.....")]
    public void A_file_that_is_not_a_database_is_reported_as_not_a_repro_store_and_left_alone(string content)
    {
        var path = Path.Combine(_folder, "notes.db");
        File.WriteAllText(path, content);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(path));

        Assert.Contains("not a Repro store", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_sqlite_database_of_another_application_is_reported_as_not_a_repro_store_and_left_alone()
    {
        var path = Path.Combine(_folder, "other.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');";
            cmd.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(path));

        Assert.Contains("not a Repro store", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        // Create on an existing foreign database must not take it over either.
        Assert.Throws<StoreException>(() => SqliteRunStore.Create(path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void An_empty_file_is_not_a_repro_store()
    {
        var path = Path.Combine(_folder, "empty.db");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(path));

        Assert.Contains("not a Repro store", error.Message, StringComparison.Ordinal);
        Assert.Empty(File.ReadAllBytes(path));
    }

    [Fact]
    public void A_missing_store_fails_suggesting_repro_init_and_creates_nothing()
    {
        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(StorePath));

        Assert.Contains("repro init", error.Message, StringComparison.Ordinal);
        Assert.Contains(StorePath, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(StorePath));
        Assert.False(Directory.Exists(Path.GetDirectoryName(StorePath)));
    }

    [Fact]
    public void A_missing_store_opened_through_the_registry_fails_the_same_way()
    {
        var registry = new StoreRegistry().Register(new SqliteStoreProvider());

        var error = Assert.Throws<StoreException>(() => registry.Open(StoreLocation.Parse(_folder, "/")));

        Assert.Contains("repro init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_makes_the_folder_and_a_store_that_opens_again()
    {
        using (var created = SqliteRunStore.Create(StorePath))
        {
            created.CreateRun(NewRun());
        }

        using var reopened = SqliteRunStore.Open(StorePath);

        Assert.Single(reopened.SearchRuns(new RunQuery()));
        Assert.Equal($"sqlite:{StorePath}", reopened.Uri);
    }

    [Fact]
    public void The_store_runs_in_WAL_mode()
    {
        SqliteRunStore.Create(StorePath).Dispose();
        using var store = SqliteRunStore.Open(StorePath);

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = StorePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", cmd.ExecuteScalar() as string);
    }

    [Fact]
    public void A_store_from_a_newer_schema_version_is_refused_with_an_upgrade_hint()
    {
        SqliteRunStore.Create(StorePath).Dispose();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99";
            cmd.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(StorePath));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade", error.Message, StringComparison.Ordinal);
    }
}
