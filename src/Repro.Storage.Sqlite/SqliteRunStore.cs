using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Repro.Artifacts;
using Repro.Tracking;

namespace Repro.Storage.Sqlite;

/// <summary>
/// The embedded run store: one SQLite file (by default <c>.repro/repro.db</c>) in WAL mode, shared safely
/// by several processes. Metric series are stored as delta-encoded chunks (<see cref="MetricChunkCodec"/>)
/// plus a table of each metric's latest value for filtering and sorting.
/// </summary>
internal sealed partial class SqliteRunStore : IRunStore, IArtifactCatalog
{
    private const int MaxPointsPerChunk = 65_536;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly bool _readOnly;
    private bool _disposed;

    private SqliteRunStore(string path, SqliteConnection connection, bool readOnly)
    {
        Path = path;
        _connection = connection;
        _readOnly = readOnly;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Uri => $"sqlite:{Path}";

    /// <summary>Opens an existing store, checking that it is one.</summary>
    public static SqliteRunStore Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new StoreException($"No Repro store at {path}. Run 'repro init' in your project folder to create one.");
        }

        // Honour a store marked read-only even for root, who could otherwise write through the mode bits.
        var readOnly = !OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(path) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
        var connection = Connect(path, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite);
        try
        {
            var (applicationId, version) = ReadHeader(connection, path);
            if (applicationId != SqliteSchema.ApplicationId)
            {
                throw new StoreException($"{path} is a SQLite database but not a Repro store. Point --store at a .repro folder, or run 'repro init' elsewhere.");
            }

            if (version > SqliteSchema.Version)
            {
                throw new StoreException($"The store at {path} has schema version {version}, newer than this tool understands ({SqliteSchema.Version}). Upgrade repro.");
            }

            if (!readOnly)
            {
                Configure(connection);
                if (version < SqliteSchema.Version)
                {
                    Upgrade(connection, path);
                }
            }

            return new SqliteRunStore(path, connection, readOnly);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates a store (and its folder), or opens it when it exists.</summary>
    public static SqliteRunStore Create(string path)
    {
        if (File.Exists(path))
        {
            return Open(path);
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Cannot create the store folder for {path}: {ex.Message}", innerException: ex);
        }

        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Configure(connection);
            using (var tx = connection.BeginTransaction())
            {
                Exec(connection, SqliteSchema.Create, tx);
                Exec(connection, SqliteSchema.Artifacts, tx);
                Exec(connection, $"PRAGMA application_id = {SqliteSchema.ApplicationId}; PRAGMA user_version = {SqliteSchema.Version};", tx);
                tx.Commit();
            }

            return new SqliteRunStore(path, connection, readOnly: false);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex, path, "create the store");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Experiment GetOrCreateExperiment(string name, long createdMs)
    {
        TrackingLimits.ValidateName("experiment", name);
        return Write("create an experiment", tx => GetOrCreateExperiment(name, createdMs, tx));
    }

    /// <inheritdoc />
    public IReadOnlyList<Experiment> ListExperiments() => Read("list experiments", () =>
    {
        using var cmd = Command("SELECT id, name, created_ms FROM experiments ORDER BY name");
        using var reader = cmd.ExecuteReader();
        var list = new List<Experiment>();
        while (reader.Read())
        {
            list.Add(new Experiment(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return list;
    });

    /// <inheritdoc />
    public RunInfo CreateRun(NewRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        TrackingLimits.ValidateName("experiment", run.ExperimentName);
        TrackingLimits.ValidateName("run", run.Name);
        return Write("create a run", tx =>
        {
            var experiment = GetOrCreateExperiment(run.ExperimentName, run.StartTimeMs, tx);
            if (FindRowId(run.Id, tx) is not null)
            {
                throw new InvalidRunDataException($"A run with id {run.Id} already exists.");
            }

            if (run.ParentRunId is { } parent && FindRowId(parent, tx) is null)
            {
                throw new RunNotFoundException(parent.Value, $"Parent run {parent} does not exist.");
            }

            using var cmd = Command("""
                INSERT INTO runs (id, experiment_id, name, status, start_ms, parent_id, seed, heartbeat_ms, owner_host, owner_pid, owner_start)
                VALUES ($id, $exp, $name, 'RUNNING', $start, $parent, $seed, $start, $host, $pid, $pstart)
                """, tx);
            cmd.Parameters.AddWithValue("$id", run.Id.Value);
            cmd.Parameters.AddWithValue("$exp", experiment.Id);
            cmd.Parameters.AddWithValue("$name", run.Name);
            cmd.Parameters.AddWithValue("$start", run.StartTimeMs);
            cmd.Parameters.AddWithValue("$parent", (object?)run.ParentRunId?.Value ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$seed", unchecked((long)run.Seed));
            cmd.Parameters.AddWithValue("$host", (object?)run.Owner?.Host ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$pid", (object?)run.Owner?.ProcessId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$pstart", (object?)run.Owner?.ProcessStartTicks ?? DBNull.Value);
            cmd.ExecuteNonQuery();
            return new RunInfo(run.Id, experiment.Id, experiment.Name, run.Name, RunStatus.Running, run.StartTimeMs, null,
                run.ParentRunId, run.Seed, run.StartTimeMs, run.Owner);
        });
    }

    /// <inheritdoc />
    public RunInfo GetRun(RunId id) => Read("read a run", () =>
    {
        using var cmd = Command($"{SelectRunColumns} WHERE r.id = $id");
        cmd.Parameters.AddWithValue("$id", id.Value);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? ReadRunInfo(reader) : throw NotFound(id);
    });

    /// <inheritdoc />
    public RunId ResolveRun(string idOrPrefix)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        var prefix = idOrPrefix.Trim().ToLowerInvariant();
        if (prefix.Length is 0 or > RunId.Length || !RunId.IsHex(prefix))
        {
            throw new RunNotFoundException(idOrPrefix, $"'{idOrPrefix}' is not a run id or id prefix (expected up to {RunId.Length} hexadecimal characters).");
        }

        return Read("find a run", () =>
        {
            using var cmd = Command("SELECT id FROM runs WHERE id GLOB $pattern ORDER BY id LIMIT 6");
            cmd.Parameters.AddWithValue("$pattern", prefix + "*");
            using var reader = cmd.ExecuteReader();
            var matches = new List<string>();
            while (reader.Read())
            {
                matches.Add(reader.GetString(0));
            }

            return matches.Count switch
            {
                0 => throw new RunNotFoundException(idOrPrefix, $"No run matches '{idOrPrefix}'. 'repro runs list' shows the runs in this store."),
                1 => RunId.Parse(matches[0]),
                _ => throw new RunNotFoundException(idOrPrefix,
                    $"'{idOrPrefix}' is ambiguous: it matches {(matches.Count > 5 ? "more than 5 runs" : $"{matches.Count} runs")} ({string.Join(", ", matches.Take(5))}). Give more characters."),
            };
        });
    }

    /// <inheritdoc />
    public void WriteBatch(RunId id, RunBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        Write("write run data", tx =>
        {
            var run = FindRowId(id, tx) ?? throw NotFound(id);
            WriteParams(run, batch.Params, tx);
            WriteTags(run, batch.Tags, tx);
            WriteMetrics(run, batch.Metrics, tx);
            if (batch.HeartbeatMs is { } heartbeat)
            {
                using var cmd = Command("UPDATE runs SET heartbeat_ms = max(heartbeat_ms, $hb) WHERE rowid = $run", tx);
                cmd.Parameters.AddWithValue("$hb", heartbeat);
                cmd.Parameters.AddWithValue("$run", run);
                cmd.ExecuteNonQuery();
            }

            return 0;
        });
    }

    /// <inheritdoc />
    public bool TryEndRun(RunId id, RunStatus expected, RunStatus status, long endTimeMs) => Write("end a run", tx =>
    {
        _ = FindRowId(id, tx) ?? throw NotFound(id);
        using var cmd = Command("UPDATE runs SET status = $status, end_ms = $end WHERE id = $id AND status = $expected", tx);
        cmd.Parameters.AddWithValue("$status", status.ToName());
        cmd.Parameters.AddWithValue("$end", status == RunStatus.Running ? DBNull.Value : endTimeMs);
        cmd.Parameters.AddWithValue("$id", id.Value);
        cmd.Parameters.AddWithValue("$expected", expected.ToName());
        return cmd.ExecuteNonQuery() == 1;
    });

    /// <inheritdoc />
    public RunData GetRunData(RunId id) => Read("read run data", () =>
    {
        var run = FindRowId(id, null) ?? throw NotFound(id);
        var parameters = ReadPairs("SELECT key, value FROM params WHERE run = $run ORDER BY key", run);
        var tags = ReadPairs("SELECT key, value FROM tags WHERE run = $run ORDER BY key", run);
        var latest = new SortedDictionary<string, MetricPoint>(StringComparer.Ordinal);
        using var cmd = Command("SELECT key, value_bits, step, ts FROM latest_metrics WHERE run = $run");
        cmd.Parameters.AddWithValue("$run", run);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(0);
            latest[key] = new MetricPoint(key, BitConverter.Int64BitsToDouble(reader.GetInt64(1)), reader.GetInt64(2), reader.GetInt64(3));
        }

        return new RunData(parameters, tags, latest);
    });

    /// <inheritdoc />
    public IReadOnlyList<string> GetMetricKeys(RunId id) => Read("read metric keys", () =>
    {
        var run = FindRowId(id, null) ?? throw NotFound(id);
        using var cmd = Command("SELECT key FROM latest_metrics WHERE run = $run ORDER BY key");
        cmd.Parameters.AddWithValue("$run", run);
        using var reader = cmd.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    });

    /// <inheritdoc />
    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Read("read a metric history", () =>
        {
            var run = FindRowId(id, null) ?? throw NotFound(id);
            using var cmd = Command("SELECT count, data FROM metric_chunks WHERE run = $run AND key = $key ORDER BY id");
            cmd.Parameters.AddWithValue("$run", run);
            cmd.Parameters.AddWithValue("$key", key);
            using var reader = cmd.ExecuteReader();
            var points = new List<MetricPoint>();
            byte[] buffer = [];
            while (reader.Read())
            {
                var length = (int)reader.GetBytes(1, 0, null, 0, 0);
                if (buffer.Length < length)
                {
                    buffer = new byte[Math.Max(length, buffer.Length * 2)];
                }

                reader.GetBytes(1, 0, buffer, 0, length);
                MetricChunkCodec.Decode(buffer.AsSpan(0, length), key, points);
            }

            return points;
        });
    }

    /// <inheritdoc />
    public void PutRunText(RunId id, string name, string content)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        Write("save run text", tx =>
        {
            var run = FindRowId(id, tx) ?? throw NotFound(id);
            using var cmd = Command("INSERT OR REPLACE INTO run_texts (run, name, content) VALUES ($run, $name, $content)", tx);
            cmd.Parameters.AddWithValue("$run", run);
            cmd.Parameters.AddWithValue("$name", name);
            cmd.Parameters.AddWithValue("$content", content);
            return cmd.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public string? GetRunText(RunId id, string name) => Read("read run text", () =>
    {
        var run = FindRowId(id, null) ?? throw NotFound(id);
        using var cmd = Command("SELECT content FROM run_texts WHERE run = $run AND name = $name");
        cmd.Parameters.AddWithValue("$run", run);
        cmd.Parameters.AddWithValue("$name", name);
        return cmd.ExecuteScalar() as string;
    });

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private void WriteParams(long run, IReadOnlyList<KeyValuePair<string, string>> values, SqliteTransaction tx)
    {
        if (values.Count == 0)
        {
            return;
        }

        using var select = Command("SELECT value FROM params WHERE run = $run AND key = $key", tx);
        using var insert = Command("INSERT INTO params (run, key, value) VALUES ($run, $key, $value)", tx);
        var pendingInBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (pendingInBatch.TryGetValue(key, out var earlier))
            {
                if (earlier != value)
                {
                    throw Run.ParamChanged(key, earlier, value);
                }

                continue;
            }

            select.Parameters.Clear();
            select.Parameters.AddWithValue("$run", run);
            select.Parameters.AddWithValue("$key", key);
            if (select.ExecuteScalar() is string existing)
            {
                if (existing != value)
                {
                    throw Run.ParamChanged(key, existing, value);
                }

                continue;
            }

            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$run", run);
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$value", value);
            insert.ExecuteNonQuery();
            pendingInBatch[key] = value;
        }
    }

    private void WriteTags(long run, IReadOnlyList<KeyValuePair<string, string>> values, SqliteTransaction tx)
    {
        if (values.Count == 0)
        {
            return;
        }

        using var cmd = Command("INSERT OR REPLACE INTO tags (run, key, value) VALUES ($run, $key, $value)", tx);
        foreach (var (key, value) in values)
        {
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$run", run);
            cmd.Parameters.AddWithValue("$key", key);
            cmd.Parameters.AddWithValue("$value", value);
            cmd.ExecuteNonQuery();
        }
    }

    private void WriteMetrics(long run, IReadOnlyList<MetricPoint> metrics, SqliteTransaction tx)
    {
        if (metrics.Count == 0)
        {
            return;
        }

        // Group by key, keeping each key's points in logging order.
        var byKey = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        foreach (var point in metrics)
        {
            if (!byKey.TryGetValue(point.Key, out var list))
            {
                byKey[point.Key] = list = [];
            }

            list.Add(point);
        }

        using var insertChunk = Command("INSERT INTO metric_chunks (run, key, count, data) VALUES ($run, $key, $count, $data)", tx);
        var pRun = insertChunk.Parameters.Add("$run", SqliteType.Integer);
        var pKey = insertChunk.Parameters.Add("$key", SqliteType.Text);
        var pCount = insertChunk.Parameters.Add("$count", SqliteType.Integer);
        var pData = insertChunk.Parameters.Add("$data", SqliteType.Blob);
        pRun.Value = run;
        using var upsertLatest = Command("""
            INSERT INTO latest_metrics (run, key, value, value_bits, step, ts) VALUES ($run, $key, $value, $bits, $step, $ts)
            ON CONFLICT (run, key) DO UPDATE SET value = excluded.value, value_bits = excluded.value_bits, step = excluded.step, ts = excluded.ts
            WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.ts >= latest_metrics.ts)
            """, tx);

        foreach (var (key, points) in byKey)
        {
            var span = CollectionsMarshal.AsSpan(points);
            for (var start = 0; start < span.Length; start += MaxPointsPerChunk)
            {
                var chunk = span.Slice(start, Math.Min(MaxPointsPerChunk, span.Length - start));
                var buffer = ArrayPool<byte>.Shared.Rent(MetricChunkCodec.MaxEncodedLength(chunk.Length));
                try
                {
                    var length = MetricChunkCodec.Encode(chunk, buffer);
                    pKey.Value = key;
                    pCount.Value = chunk.Length;
                    pData.Value = buffer.AsMemory(0, length).ToArray();
                    insertChunk.ExecuteNonQuery();
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            var latest = span[0];
            foreach (var point in span[1..])
            {
                if (point.Step > latest.Step || (point.Step == latest.Step && point.TimestampMs >= latest.TimestampMs))
                {
                    latest = point;
                }
            }

            upsertLatest.Parameters.Clear();
            upsertLatest.Parameters.AddWithValue("$run", run);
            upsertLatest.Parameters.AddWithValue("$key", key);
            // SQLite has no NaN: it is stored as NULL for filtering, and exactly in value_bits.
            upsertLatest.Parameters.AddWithValue("$value", double.IsNaN(latest.Value) ? DBNull.Value : latest.Value);
            upsertLatest.Parameters.AddWithValue("$bits", BitConverter.DoubleToInt64Bits(latest.Value));
            upsertLatest.Parameters.AddWithValue("$step", latest.Step);
            upsertLatest.Parameters.AddWithValue("$ts", latest.TimestampMs);
            upsertLatest.ExecuteNonQuery();
        }
    }

    private Experiment GetOrCreateExperiment(string name, long createdMs, SqliteTransaction tx)
    {
        using (var insert = Command("INSERT OR IGNORE INTO experiments (name, created_ms) VALUES ($name, $created)", tx))
        {
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$created", createdMs);
            insert.ExecuteNonQuery();
        }

        using var select = Command("SELECT id, name, created_ms FROM experiments WHERE name = $name", tx);
        select.Parameters.AddWithValue("$name", name);
        using var reader = select.ExecuteReader();
        reader.Read();
        return new Experiment(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
    }

    private long? FindRowId(RunId id, SqliteTransaction? tx)
    {
        using var cmd = Command("SELECT rowid FROM runs WHERE id = $id", tx);
        cmd.Parameters.AddWithValue("$id", id.Value);
        return cmd.ExecuteScalar() is long rowId ? rowId : null;
    }

    private Dictionary<string, string> ReadPairs(string sql, long run)
    {
        using var cmd = Command(sql);
        cmd.Parameters.AddWithValue("$run", run);
        using var reader = cmd.ExecuteReader();
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            pairs[reader.GetString(0)] = reader.GetString(1);
        }

        return pairs;
    }

    private const string SelectRunColumns = """
        SELECT r.id, r.experiment_id, e.name, r.name, r.status, r.start_ms, r.end_ms, r.parent_id, r.seed, r.heartbeat_ms,
               r.owner_host, r.owner_pid, r.owner_start
        FROM runs r JOIN experiments e ON e.id = r.experiment_id
        """;

    private static RunInfo ReadRunInfo(SqliteDataReader reader)
    {
        RunStatusNames.TryParse(reader.GetString(4), out var status);
        return new RunInfo(
            RunId.Parse(reader.GetString(0)),
            reader.GetInt64(1),
            reader.GetString(2),
            reader.GetString(3),
            status,
            reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetInt64(6),
            reader.IsDBNull(7) ? null : RunId.Parse(reader.GetString(7)),
            unchecked((ulong)reader.GetInt64(8)),
            reader.GetInt64(9),
            reader.IsDBNull(10) ? null : new RunOwner(reader.GetString(10), reader.GetInt32(11), reader.IsDBNull(12) ? 0 : reader.GetInt64(12)));
    }

    private static RunNotFoundException NotFound(RunId id) =>
        new(id.Value, $"No run with id {id}. 'repro runs list' shows the runs in this store.");
}
