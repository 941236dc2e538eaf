namespace Repro.Storage.Sqlite;

/// <summary>The embedded store's tables. Versioned through <c>PRAGMA user_version</c>; marked as ours through <c>PRAGMA application_id</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>"REPR" in ASCII: tells a Repro store from any other SQLite file.</summary>
    public const int ApplicationId = 0x52455052;

    /// <summary>2 added the artifact tables (<see cref="Artifacts"/>); a version-1 store is upgraded when opened for writing.</summary>
    public const int Version = 2;

    /// <summary>Artifact versions, aliases and uses (lineage). <c>IF NOT EXISTS</c> so the upgrade from version 1 runs the same text.</summary>
    public const string Artifacts = """
        CREATE TABLE IF NOT EXISTS artifact_versions (
            kind        TEXT NOT NULL,
            name        TEXT NOT NULL,
            version     INTEGER NOT NULL,
            digest      TEXT NOT NULL,
            directory   INTEGER NOT NULL,
            size        INTEGER NOT NULL,
            files       INTEGER NOT NULL,
            file_name   TEXT,
            metadata    TEXT,
            producer    TEXT,
            created_ms  INTEGER NOT NULL,
            PRIMARY KEY (kind, name, version)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS artifact_versions_by_content ON artifact_versions(kind, name, digest);
        CREATE INDEX IF NOT EXISTS artifact_versions_by_digest ON artifact_versions(digest);
        CREATE INDEX IF NOT EXISTS artifact_versions_by_name ON artifact_versions(name);
        CREATE TABLE IF NOT EXISTS artifact_aliases (
            kind        TEXT NOT NULL,
            name        TEXT NOT NULL,
            alias       TEXT NOT NULL,
            version     INTEGER NOT NULL,
            updated_ms  INTEGER NOT NULL,
            PRIMARY KEY (kind, name, alias)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS artifact_uses (
            kind     TEXT NOT NULL,
            name     TEXT NOT NULL,
            version  INTEGER NOT NULL,
            run      TEXT NOT NULL,
            used_ms  INTEGER NOT NULL,
            PRIMARY KEY (kind, name, version, run)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS artifact_uses_by_run ON artifact_uses(run);
        """;

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
