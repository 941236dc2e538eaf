namespace Repro.Storage.Sqlite;

/// <summary>Opens embedded SQLite stores (<c>sqlite:PATH</c> URIs and plain folder paths).</summary>
public sealed class SqliteStoreProvider : IRunStoreProvider
{
    /// <summary>Registers this provider in <see cref="StoreRegistry.Default"/>; call once at start-up.</summary>
    public static void Register() => StoreRegistry.Default.Register(new SqliteStoreProvider());

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["sqlite"];

    /// <inheritdoc />
    public IRunStore Open(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return SqliteRunStore.Open(location.Path);
    }

    /// <inheritdoc />
    public IRunStore Create(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return SqliteRunStore.Create(location.Path);
    }
}
