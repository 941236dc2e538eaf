namespace Repro.Storage;

/// <summary>A store address: a URI scheme and the scheme-specific rest (for sqlite, a file path).</summary>
/// <param name="Scheme">The scheme, lower case (for example <c>sqlite</c>).</param>
/// <param name="Path">The scheme-specific part: for <c>sqlite</c>, the absolute path of the database file.</param>
public sealed record StoreLocation(string Scheme, string Path)
{
    /// <summary>The folder that holds a project's store, found by walking up like git finds <c>.git</c>.</summary>
    public const string ProjectFolderName = ".repro";

    /// <summary>The database file inside <see cref="ProjectFolderName"/>.</summary>
    public const string DatabaseFileName = "repro.db";

    /// <summary>The URI form, as accepted by <c>--store</c> and <c>REPRO_STORE</c>.</summary>
    public string Uri => $"{Scheme}:{Path}";

    /// <summary>
    /// Parses <c>SCHEME:REST</c>, or a plain folder path (a <c>.repro</c> folder, or a folder holding one),
    /// or a path to a <c>.db</c> file, against <paramref name="baseDirectory"/> for relative paths.
    /// </summary>
    /// <exception cref="StoreException">The text is empty.</exception>
    public static StoreLocation Parse(string text, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StoreException("The store location is empty: pass a folder, sqlite:PATH, or run 'repro init'.");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 1 && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            var scheme = text[..colon].ToLowerInvariant();
            var rest = text[(colon + 1)..];
            return scheme == "sqlite" ? new StoreLocation(scheme, SqlitePath(rest, baseDirectory)) : new StoreLocation(scheme, rest);
        }

        return new StoreLocation("sqlite", SqlitePath(text, baseDirectory));
    }

    /// <summary>The default location inside a project folder: <c>DIR/.repro/repro.db</c>.</summary>
    public static StoreLocation ForProject(string projectDirectory) =>
        new("sqlite", System.IO.Path.GetFullPath(System.IO.Path.Combine(projectDirectory, ProjectFolderName, DatabaseFileName)));

    private static string SqlitePath(string path, string baseDirectory)
    {
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        var full = System.IO.Path.GetFullPath(path, baseDirectory);
        if (full.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || File.Exists(full))
        {
            return full;
        }

        // A folder: either the .repro folder itself or a project folder that holds one.
        return System.IO.Path.GetFileName(full.TrimEnd('/')) == ProjectFolderName
            ? System.IO.Path.Combine(full, DatabaseFileName)
            : System.IO.Path.Combine(full, ProjectFolderName, DatabaseFileName);
    }
}
