namespace Repro.Storage;

/// <summary>
/// Finds the store to use, in DESIGN.md's order: an explicit <c>--store</c> URI, then the
/// <c>REPRO_STORE</c> environment variable, then the nearest <c>.repro/</c> folder walking up from the
/// current folder (as git finds <c>.git</c>), else an error that suggests <c>repro init</c>.
/// </summary>
public static class StoreLocator
{
    /// <summary>The environment variable that names the store.</summary>
    public const string EnvironmentVariable = "REPRO_STORE";

    /// <summary>Resolves the store location without opening it.</summary>
    /// <param name="explicitUri">The <c>--store</c> value, or null.</param>
    /// <param name="environmentValue">The value of <c>REPRO_STORE</c>, or null.</param>
    /// <param name="currentDirectory">Where to start walking up.</param>
    /// <exception cref="StoreException">No store is named and no <c>.repro/</c> folder is found.</exception>
    public static StoreLocation Locate(string? explicitUri, string? environmentValue, string currentDirectory) =>
        TryLocate(explicitUri, environmentValue, currentDirectory, out var location)
            ? location
            : throw new StoreException(
                $"No Repro store found in {currentDirectory} or any folder above it. "
                + "Run 'repro init' to create one here, or pass --store / set REPRO_STORE.");

    /// <summary>
    /// As <see cref="Locate"/>, but returns false instead of throwing when no store is named and no <c>.repro/</c>
    /// folder is found.
    /// </summary>
    /// <exception cref="StoreException">A named store URI is malformed.</exception>
    public static bool TryLocate(string? explicitUri, string? environmentValue, string currentDirectory, out StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(currentDirectory);
        if (!string.IsNullOrWhiteSpace(explicitUri))
        {
            location = StoreLocation.Parse(explicitUri, currentDirectory);
            return true;
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            location = StoreLocation.Parse(environmentValue, currentDirectory);
            return true;
        }

        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, StoreLocation.ProjectFolderName)))
            {
                location = StoreLocation.ForProject(dir.FullName);
                return true;
            }
        }

        location = null!;
        return false;
    }

    /// <summary>Resolves the location from the process environment and opens the existing store there.</summary>
    public static IRunStore OpenDefault(string? explicitUri = null, StoreRegistry? registry = null) =>
        (registry ?? StoreRegistry.Default).Open(
            Locate(explicitUri, System.Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory()));
}
