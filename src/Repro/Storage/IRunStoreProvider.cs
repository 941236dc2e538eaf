namespace Repro.Storage;

/// <summary>Opens or creates stores of one URI scheme; registered in <see cref="StoreRegistry"/>.</summary>
public interface IRunStoreProvider
{
    /// <summary>The URI schemes this provider handles, such as <c>sqlite</c>.</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>Opens an existing store.</summary>
    /// <exception cref="StoreException">The store is missing, unreadable or not a Repro store.</exception>
    IRunStore Open(StoreLocation location);

    /// <summary>Creates a store, or opens it when it already exists.</summary>
    IRunStore Create(StoreLocation location);
}
