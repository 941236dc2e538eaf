using Microsoft.Data.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// The peer Repro's store is compared with: the plain layout, one SQLite row per metric point in
/// <c>metrics(run, key, value, step, ts)</c>, written with a prepared INSERT in one transaction per
/// batch, under the same durability settings as Repro's store (WAL, synchronous=FULL). The table has
/// no secondary index, which favours the peer: any index it would need to read a series back costs
/// more per row.
/// </summary>
internal sealed class RowPerPointStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _run;
    private readonly SqliteParameter _key;
    private readonly SqliteParameter _value;
    private readonly SqliteParameter _step;
    private readonly SqliteParameter _ts;

    public RowPerPointStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS metrics (run INTEGER NOT NULL, key TEXT NOT NULL, value REAL, step INTEGER NOT NULL, ts INTEGER NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO metrics (run, key, value, step, ts) VALUES ($run, $key, $value, $step, $ts)";
        _run = _insert.Parameters.Add("$run", SqliteType.Integer);
        _key = _insert.Parameters.Add("$key", SqliteType.Text);
        _value = _insert.Parameters.Add("$value", SqliteType.Real);
        _step = _insert.Parameters.Add("$step", SqliteType.Integer);
        _ts = _insert.Parameters.Add("$ts", SqliteType.Integer);
        _insert.Prepare();
    }

    /// <summary>Inserts one batch in one durable transaction.</summary>
    public void Write(long run, ReadOnlySpan<MetricPoint> points)
    {
        using var tx = _connection.BeginTransaction();
        _insert.Transaction = tx;
        _run.Value = run;
        foreach (var point in points)
        {
            _key.Value = point.Key;
            _value.Value = point.Value;
            _step.Value = point.Step;
            _ts.Value = point.TimestampMs;
            _insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public long Count()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM metrics";
        return (long)cmd.ExecuteScalar()!;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }
}
