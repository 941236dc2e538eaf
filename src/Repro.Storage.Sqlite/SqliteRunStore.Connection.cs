using Microsoft.Data.Sqlite;

namespace Repro.Storage.Sqlite;

/// <summary>Connection handling: opening, pragmas, serialised access and error translation.</summary>
internal sealed partial class SqliteRunStore
{
    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for this long, so concurrent writers queue rather than fail.
            DefaultTimeout = 60,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex, path, "open the store");
        }
    }

    private static void Configure(SqliteConnection connection)
    {
        // WAL lets readers and one writer work at once across processes; FULL makes each commit durable.
        Exec(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000; PRAGMA foreign_keys = ON;");
    }

    private static (int ApplicationId, int Version) ReadHeader(SqliteConnection connection, string path)
    {
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA application_id";
            var applicationId = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            cmd.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            return (applicationId, version);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, path, "read the store");
        }
    }

    private static void Exec(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private T Read<T>(string what, Func<T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return action();
            }
            catch (SqliteException ex)
            {
                throw Translate(ex, Path, what);
            }
        }
    }

    private T Write<T>(string what, Func<SqliteTransaction, T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_readOnly)
            {
                throw new StoreException($"Cannot {what}: the store at {Path} is read-only (its file has no write permission).");
            }

            try
            {
                using var tx = _connection.BeginTransaction();
                var result = action(tx);
                tx.Commit();
                return result;
            }
            catch (SqliteException ex)
            {
                throw Translate(ex, Path, what);
            }
        }
    }

    private static StoreException Translate(SqliteException ex, string path, string what) => ex.SqliteErrorCode switch
    {
        5 or 6 => new StoreException($"Cannot {what}: the store at {path} stayed locked by another process; try again.", isTransient: true, ex),
        8 => new StoreException($"Cannot {what}: the store at {path} is read-only.", innerException: ex),
        11 => new StoreException($"Cannot {what}: the store at {path} is damaged ({ex.Message}).", innerException: ex),
        13 => new StoreException($"Cannot {what}: the disk holding {path} is full.", isTransient: true, ex),
        14 => new StoreException($"Cannot {what}: cannot open {path} (missing folder or no permission).", innerException: ex),
        26 => new StoreException($"{path} is not a Repro store (not a SQLite database).", innerException: ex),
        _ => new StoreException($"Cannot {what} in the store at {path}: {ex.Message}", innerException: ex),
    };
}
