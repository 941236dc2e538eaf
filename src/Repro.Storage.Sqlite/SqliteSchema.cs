namespace Repro.Storage.Sqlite;

/// <summary>The embedded store's tables. Versioned through <c>PRAGMA user_version</c>; marked as ours through <c>PRAGMA application_id</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>"REPR" in ASCII: tells a Repro store from any other SQLite file.</summary>
    public const int ApplicationId = 0x52455052;

    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS experiments (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL UNIQUE,
            created_ms  INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runs (
            rowid         INTEGER PRIMARY KEY,
            id            TEXT NOT NULL UNIQUE,
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            name          TEXT NOT NULL,
            status        TEXT NOT NULL,
            start_ms      INTEGER NOT NULL,
            end_ms        INTEGER,
            parent_id     TEXT,
            seed          INTEGER NOT NULL,
            heartbeat_ms  INTEGER NOT NULL,
            owner_host    TEXT,
            owner_pid     INTEGER,
            owner_start   INTEGER
        );
        CREATE INDEX IF NOT EXISTS runs_by_start ON runs(start_ms DESC);
        CREATE INDEX IF NOT EXISTS runs_by_status ON runs(status);
        CREATE TABLE IF NOT EXISTS params (
            run    INTEGER NOT NULL,
            key    TEXT NOT NULL,
            value  TEXT NOT NULL,
            PRIMARY KEY (run, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS params_by_key ON params(key, value);
        CREATE TABLE IF NOT EXISTS tags (
            run    INTEGER NOT NULL,
            key    TEXT NOT NULL,
            value  TEXT NOT NULL,
            PRIMARY KEY (run, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS tags_by_key ON tags(key, value);
        CREATE TABLE IF NOT EXISTS metric_chunks (
            id     INTEGER PRIMARY KEY,
            run    INTEGER NOT NULL,
            key    TEXT NOT NULL,
            count  INTEGER NOT NULL,
            data   BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS metric_chunks_by_series ON metric_chunks(run, key);
        CREATE TABLE IF NOT EXISTS latest_metrics (
            run         INTEGER NOT NULL,
            key         TEXT NOT NULL,
            value       REAL,
            value_bits  INTEGER NOT NULL,
            step        INTEGER NOT NULL,
            ts          INTEGER NOT NULL,
            PRIMARY KEY (run, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS latest_metrics_by_key ON latest_metrics(key, value);
        CREATE TABLE IF NOT EXISTS run_texts (
            run      INTEGER NOT NULL,
            name     TEXT NOT NULL,
            content  TEXT NOT NULL,
            PRIMARY KEY (run, name)
        ) WITHOUT ROWID;
        """;
}
