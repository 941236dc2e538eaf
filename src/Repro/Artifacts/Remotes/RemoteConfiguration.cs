using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Artifacts.Remotes;

/// <summary>
/// The named remotes of a store, kept in <c>.repro/remotes.json</c>:
/// <c>{"default": "origin", "remotes": {"origin": {"uri": "s3://bucket/team?endpoint=..."}}}</c>. URIs are checked
/// by their provider before they are saved and never carry credentials (those stay in the environment), so
/// the file can be shared. Immutable: the changing methods return a new configuration to <see cref="Save"/>.
/// </summary>
internal sealed class RemoteConfiguration
{
    /// <summary>The file's name inside the store folder.</summary>
    public const string FileName = "remotes.json";

    /// <summary>The environment variable that picks a remote (a configured name, or a URI or path) over the default.</summary>
    public const string EnvironmentVariable = "REPRO_REMOTE";

    private const int MaxNameLength = 64;

    private RemoteConfiguration(ImmutableSortedDictionary<string, string> remotes, string? defaultName)
    {
        Remotes = remotes;
        DefaultName = defaultName;
    }

    /// <summary>A configuration with no remotes.</summary>
    public static RemoteConfiguration Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), null);

    /// <summary>The remotes by name, sorted, each with its URI as given.</summary>
    public ImmutableSortedDictionary<string, string> Remotes { get; }

    /// <summary>The remote used when none is named; null when none is set.</summary>
    public string? DefaultName { get; }

    /// <summary>Whether a name may name a remote: 1 to 64 of <c>A-Z a-z 0-9 _ . -</c>, starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxNameLength
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>Adds a remote (the first one added becomes the default).</summary>
    /// <param name="name">The remote's name.</param>
    /// <param name="uriText">A URI or folder path; a relative path is made absolute against <paramref name="baseDirectory"/>.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against.</param>
    /// <param name="registry">The providers that check the URI.</param>
    /// <param name="replace">Whether an existing remote of that name may be replaced.</param>
    /// <exception cref="RemoteException">The name is invalid or taken, or the URI is unusable.</exception>
    public RemoteConfiguration Add(string name, string uriText, string baseDirectory, ObjectRemoteRegistry registry, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!IsValidName(name))
        {
            throw new RemoteException($"'{name}' is not a remote name: use 1 to {MaxNameLength} letters, digits, '_', '.' or '-', starting with a letter or digit.");
        }

        if (!replace && Remotes.ContainsKey(name))
        {
            throw new RemoteException($"A remote named '{name}' already exists ({Remotes[name]}); remove it first or choose another name.");
        }

        var uri = registry.Parse(uriText, baseDirectory);
        var problems = registry.Validate(uri);
        if (problems.Count > 0)
        {
            throw new RemoteException($"The remote '{ObjectRemoteRegistry.Redacted(uri)}' is not usable: {string.Join("; ", problems)}.");
        }

        return new RemoteConfiguration(Remotes.SetItem(name, uri.IsFile ? uri.LocalPath : uri.OriginalString), DefaultName ?? name);
    }

    /// <summary>Removes a remote; when it was the default, no default remains.</summary>
    /// <exception cref="RemoteException">No remote has that name.</exception>
    public RemoteConfiguration Remove(string name)
    {
        RequireKnown(name);
        return new RemoteConfiguration(Remotes.Remove(name), DefaultName == name ? null : DefaultName);
    }

    /// <summary>Makes a configured remote the default.</summary>
    /// <exception cref="RemoteException">No remote has that name.</exception>
    public RemoteConfiguration WithDefault(string name)
    {
        RequireKnown(name);
        return new RemoteConfiguration(Remotes, name);
    }

    /// <summary>
    /// The URI of the remote to use: <paramref name="requested"/> (a <c>--remote</c> option) if given, else
    /// <c>REPRO_REMOTE</c>, else the default remote. Each may be a configured name or a URI or path.
    /// </summary>
    /// <exception cref="RemoteException">Nothing names a remote, or the chosen value is neither a name nor a usable address.</exception>
    public Uri Resolve(string? requested, Func<string, string?> getEnvironmentVariable, string baseDirectory, ObjectRemoteRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(registry);
        var (chosen, origin) = !string.IsNullOrWhiteSpace(requested) ? (requested, "--remote")
            : getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? (fromEnvironment, EnvironmentVariable)
            : DefaultName is not null ? (DefaultName, "the default remote")
            : throw new RemoteException(Remotes.Count == 0
                ? "No remote is configured: add one with 'repro artifacts remote add NAME URI', or set REPRO_REMOTE."
                : $"No default remote is set among {string.Join(", ", Remotes.Keys)}: pass --remote NAME or set one with 'repro artifacts remote default NAME'.");

        if (Remotes.TryGetValue(chosen, out var configured))
        {
            return registry.Parse(configured, baseDirectory);
        }

        if (IsValidName(chosen) && !chosen.Contains('.', StringComparison.Ordinal) && !Directory.Exists(Path.Combine(baseDirectory, chosen)))
        {
            throw new RemoteException($"{origin} names '{chosen}', which is not a configured remote (configured: {(Remotes.Count == 0 ? "none" : string.Join(", ", Remotes.Keys))}).");
        }

        return registry.Parse(chosen, baseDirectory);
    }

    /// <summary>Reads <c>remotes.json</c> from a store folder; an absent file is an empty configuration.</summary>
    /// <exception cref="RemoteException">The file exists but is not a valid remotes file.</exception>
    public static RemoteConfiguration Load(string storeFolder)
    {
        ArgumentNullException.ThrowIfNull(storeFolder);
        var path = Path.Combine(storeFolder, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("the top level is not an object");
            var remotes = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (root["remotes"] is JsonObject entries)
            {
                foreach (var (name, entry) in entries)
                {
                    var uri = entry?["uri"]?.GetValue<string>();
                    if (!IsValidName(name) || string.IsNullOrWhiteSpace(uri))
                    {
                        throw new FormatException($"the remote '{name}' has an invalid name or no uri");
                    }

                    remotes[name] = uri;
                }
            }

            var defaultName = root["default"]?.GetValue<string>();
            if (defaultName is not null && !remotes.ContainsKey(defaultName))
            {
                throw new FormatException($"the default '{defaultName}' is not one of the remotes");
            }

            return new RemoteConfiguration(remotes.ToImmutable(), defaultName);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new RemoteException($"{path} is not a valid remotes file ({ex.Message}); fix or delete it.", isTransient: false, ex);
        }
    }

    /// <summary>Writes <c>remotes.json</c> into a store folder: a temporary file, flushed, then renamed over the old one.</summary>
    /// <exception cref="RemoteException">The file cannot be written.</exception>
    public void Save(string storeFolder)
    {
        ArgumentNullException.ThrowIfNull(storeFolder);
        var path = Path.Combine(storeFolder, FileName);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var remotes = new JsonObject();
        foreach (var (name, uri) in Remotes)
        {
            remotes[name] = new JsonObject { ["uri"] = uri };
        }

        var root = new JsonObject { ["default"] = DefaultName, ["remotes"] = remotes };
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, root, new JsonSerializerOptions { WriteIndented = true });
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            throw new RemoteException($"Could not write {path}: {ex.Message}", isTransient: false, ex);
        }
    }

    private void RequireKnown(string name)
    {
        if (!Remotes.ContainsKey(name))
        {
            throw new RemoteException($"No remote is named '{name}' (configured: {(Remotes.Count == 0 ? "none" : string.Join(", ", Remotes.Keys))}).");
        }
    }
}
