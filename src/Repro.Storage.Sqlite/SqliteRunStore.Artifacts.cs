using Microsoft.Data.Sqlite;
using Repro.Artifacts;
using Repro.Tracking;

namespace Repro.Storage.Sqlite;

/// <summary>
/// The artifact catalog (<see cref="IArtifactCatalog"/>) in the same database as the runs, so lineage joins
/// runs and artifacts in one file and one transaction. Each write is one IMMEDIATE transaction, which
/// serialises writers across processes: the next version number is read and written under the same lock,
/// so versions stay unique and gapless.
/// </summary>
internal sealed partial class SqliteRunStore
{
    private const string VersionColumns = "kind, name, version, digest, directory, size, files, metadata, producer, created_ms, file_name";

    /// <inheritdoc />
    public (ArtifactVersion Version, bool Created) AddVersion(NewArtifactVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Write("add an artifact version", tx =>
        {
            using (var existing = Command($"SELECT {VersionColumns} FROM artifact_versions WHERE kind = $k AND name = $n AND digest = $d", tx))
            {
                Bind(existing, version.Name).Parameters.AddWithValue("$d", version.Digest);
                var found = ReadVersions(existing, tx);
                if (found.Count > 0)
                {
                    return (found[0], false);
                }
            }

            int next;
            using (var max = Command("SELECT COALESCE(MAX(version), 0) + 1 FROM artifact_versions WHERE kind = $k AND name = $n", tx))
            {
                next = Convert.ToInt32(Bind(max, version.Name).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            using (var insert = Command($"INSERT INTO artifact_versions ({VersionColumns}) VALUES ($k, $n, $v, $d, $dir, $size, $files, $meta, $producer, $ms, $file)", tx))
            {
                Bind(insert, version.Name);
                insert.Parameters.AddWithValue("$v", next);
                insert.Parameters.AddWithValue("$d", version.Digest);
                insert.Parameters.AddWithValue("$dir", version.IsDirectory ? 1 : 0);
                insert.Parameters.AddWithValue("$size", version.Size);
                insert.Parameters.AddWithValue("$files", version.FileCount);
                insert.Parameters.AddWithValue("$meta", (object?)version.MetadataJson ?? DBNull.Value);
                insert.Parameters.AddWithValue("$producer", (object?)version.ProducerRun?.Value ?? DBNull.Value);
                insert.Parameters.AddWithValue("$ms", version.CreatedMs);
                insert.Parameters.AddWithValue("$file", (object?)version.FileName ?? DBNull.Value);
                insert.ExecuteNonQuery();
            }

            SetAlias(version.Name, ArtifactReference.Latest, next, version.CreatedMs, tx);
            using var created = Command($"SELECT {VersionColumns} FROM artifact_versions WHERE kind = $k AND name = $n AND version = $v", tx);
            Bind(created, version.Name).Parameters.AddWithValue("$v", next);
            return (ReadVersions(created, tx)[0], true);
        });
    }

    /// <inheritdoc />
    public ArtifactVersion? FindVersion(ArtifactName name, int version) => Read("read an artifact version", () =>
    {
        using var cmd = Command($"SELECT {VersionColumns} FROM artifact_versions WHERE kind = $k AND name = $n AND version = $v");
        Bind(cmd, name).Parameters.AddWithValue("$v", version);
        return ReadVersions(cmd, null).FirstOrDefault();
    });

    /// <inheritdoc />
    public ArtifactVersion? FindAlias(ArtifactName name, string alias) => Read("read an artifact alias", () =>
    {
        using var cmd = Command($"SELECT {Prefixed("v")} FROM artifact_aliases a JOIN artifact_versions v ON v.kind = a.kind AND v.name = a.name AND v.version = a.version WHERE a.kind = $k AND a.name = $n AND a.alias = $a");
        Bind(cmd, name).Parameters.AddWithValue("$a", alias);
        return ReadVersions(cmd, null).FirstOrDefault();
    });

    /// <inheritdoc />
    public IReadOnlyList<string> KindsOf(string name) => Read("look up an artifact name", () =>
    {
        using var cmd = Command("SELECT DISTINCT kind FROM artifact_versions WHERE name = $n ORDER BY kind");
        cmd.Parameters.AddWithValue("$n", name);
        using var reader = cmd.ExecuteReader();
        var kinds = new List<string>();
        while (reader.Read())
        {
            kinds.Add(reader.GetString(0));
        }

        return kinds;
    });

    /// <inheritdoc />
    public IReadOnlyList<ArtifactVersion> FindByDigest(string digest) => Read("look up an artifact digest", () =>
    {
        using var cmd = Command($"SELECT {VersionColumns} FROM artifact_versions WHERE digest = $d ORDER BY kind, name, version");
        cmd.Parameters.AddWithValue("$d", digest);
        return ReadVersions(cmd, null);
    });

    /// <inheritdoc />
    public IReadOnlyList<ArtifactVersion> ListVersions(ArtifactName? name) => Read("list artifacts", () =>
    {
        using var cmd = Command(name is null
            ? $"SELECT {VersionColumns} FROM artifact_versions ORDER BY kind, name, version"
            : $"SELECT {VersionColumns} FROM artifact_versions WHERE kind = $k AND name = $n ORDER BY version");
        if (name is not null)
        {
            Bind(cmd, name);
        }

        return ReadVersions(cmd, null);
    });

    /// <inheritdoc />
    public void SetAlias(ArtifactName name, string alias, int version, long updatedMs) => Write("set an artifact alias", tx =>
    {
        using (var exists = Command("SELECT 1 FROM artifact_versions WHERE kind = $k AND name = $n AND version = $v", tx))
        {
            Bind(exists, name).Parameters.AddWithValue("$v", version);
            if (exists.ExecuteScalar() is null)
            {
                throw new ArtifactNotFoundException($"{name}:v{version}", $"No artifact {name}:v{version}.");
            }
        }

        SetAlias(name, alias, version, updatedMs, tx);
        return true;
    });

    /// <inheritdoc />
    public void RecordUse(ArtifactName name, int version, RunId consumer, long usedMs) => Write("record an artifact use", tx =>
    {
        using var cmd = Command("INSERT OR IGNORE INTO artifact_uses (kind, name, version, run, used_ms) VALUES ($k, $n, $v, $r, $ms)", tx);
        Bind(cmd, name);
        cmd.Parameters.AddWithValue("$v", version);
        cmd.Parameters.AddWithValue("$r", consumer.Value);
        cmd.Parameters.AddWithValue("$ms", usedMs);
        return cmd.ExecuteNonQuery();
    });

    /// <inheritdoc />
    public IReadOnlyList<RunId> Consumers(ArtifactName name, int version) => Read("read artifact lineage", () =>
    {
        using var cmd = Command("SELECT run FROM artifact_uses WHERE kind = $k AND name = $n AND version = $v ORDER BY used_ms, run");
        Bind(cmd, name).Parameters.AddWithValue("$v", version);
        using var reader = cmd.ExecuteReader();
        var runs = new List<RunId>();
        while (reader.Read())
        {
            runs.Add(RunId.Parse(reader.GetString(0)));
        }

        return runs;
    });

    /// <inheritdoc />
    public IReadOnlyList<ArtifactVersion> InputsOf(RunId run) => Read("read artifact lineage", () =>
    {
        using var cmd = Command($"SELECT {Prefixed("v")} FROM artifact_uses u JOIN artifact_versions v ON v.kind = u.kind AND v.name = u.name AND v.version = u.version WHERE u.run = $r ORDER BY v.kind, v.name, v.version");
        cmd.Parameters.AddWithValue("$r", run.Value);
        return ReadVersions(cmd, null);
    });

    /// <inheritdoc />
    public IReadOnlySet<string> RootDigests() => Read("list artifact digests", () =>
    {
        using var cmd = Command("SELECT DISTINCT digest FROM artifact_versions");
        using var reader = cmd.ExecuteReader();
        var digests = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            digests.Add(reader.GetString(0));
        }

        return digests;
    });

    private static void Upgrade(SqliteConnection connection, string path)
    {
        try
        {
            using var tx = connection.BeginTransaction();
            Exec(connection, SqliteSchema.Artifacts, tx);
            Exec(connection, $"PRAGMA user_version = {SqliteSchema.Version};", tx);
            tx.Commit();
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, path, "upgrade the store's schema");
        }
    }

    private void SetAlias(ArtifactName name, string alias, int version, long updatedMs, SqliteTransaction tx)
    {
        using var cmd = Command("INSERT INTO artifact_aliases (kind, name, alias, version, updated_ms) VALUES ($k, $n, $a, $v, $ms) ON CONFLICT (kind, name, alias) DO UPDATE SET version = excluded.version, updated_ms = excluded.updated_ms", tx);
        Bind(cmd, name);
        cmd.Parameters.AddWithValue("$a", alias);
        cmd.Parameters.AddWithValue("$v", version);
        cmd.Parameters.AddWithValue("$ms", updatedMs);
        cmd.ExecuteNonQuery();
    }

    private List<ArtifactVersion> ReadVersions(SqliteCommand cmd, SqliteTransaction? tx)
    {
        var rows = new List<(ArtifactName Name, int Version, string Digest, bool Dir, long Size, long Files, string? Meta, RunId? Producer, long Ms, string? File)>();
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((new ArtifactName(reader.GetString(0), reader.GetString(1)), reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4) != 0,
                    reader.GetInt64(5), reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : RunId.Parse(reader.GetString(8)), reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
        }

        var versions = new List<ArtifactVersion>(rows.Count);
        foreach (var r in rows)
        {
            using var aliases = Command("SELECT alias FROM artifact_aliases WHERE kind = $k AND name = $n AND version = $v ORDER BY alias", tx);
            Bind(aliases, r.Name).Parameters.AddWithValue("$v", r.Version);
            var list = new List<string>();
            using (var reader = aliases.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(reader.GetString(0));
                }
            }

            versions.Add(new ArtifactVersion(r.Name, r.Version, r.Digest, r.Dir, r.Size, r.Files, r.Meta, r.Producer, r.Ms, list) { FileName = r.File });
        }

        return versions;
    }

    private static SqliteCommand Bind(SqliteCommand cmd, ArtifactName name)
    {
        cmd.Parameters.AddWithValue("$k", name.Kind);
        cmd.Parameters.AddWithValue("$n", name.Name);
        return cmd;
    }

    private static string Prefixed(string table) => string.Join(", ", VersionColumns.Split(", ").Select(c => $"{table}.{c}"));
}
