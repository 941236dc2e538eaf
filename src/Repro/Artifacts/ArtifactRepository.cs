using Repro.Storage;
using Repro.Tracking;

namespace Repro.Artifacts;

/// <summary>
/// The artifact store of one Repro store: its objects (<see cref="ObjectStore"/>), its catalog of names,
/// versions, aliases and lineage (<see cref="IArtifactCatalog"/>, kept by the run store), and its stat cache.
/// Everything the CLI, <see cref="Run"/> and replay do with artifacts goes through here.
/// </summary>
internal sealed class ArtifactRepository
{
    /// <summary>Unreachable objects younger than this are kept by gc: an add may be about to name them.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(1);

    private readonly TimeProvider _time;

    public ArtifactRepository(ObjectStore objects, IArtifactCatalog catalog, TimeProvider time)
    {
        Objects = objects;
        Catalog = catalog;
        _time = time;
    }

    public ObjectStore Objects { get; }

    public IArtifactCatalog Catalog { get; }

    /// <summary>The repository of a run store (the embedded store keeps objects beside its database).</summary>
    /// <exception cref="ArtifactException">The store keeps no artifacts.</exception>
    public static ArtifactRepository Open(IRunStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var catalog = store as IArtifactCatalog
            ?? throw new ArtifactException($"The store {store.Uri} does not keep artifacts.");
        var location = StoreLocation.Parse(store.Uri, Directory.GetCurrentDirectory());
        return new ArtifactRepository(ObjectStore.For(location), catalog, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Adds a file or folder as a version of <paramref name="name"/> (a new version only when its content is
    /// new to the name), then sets the aliases.
    /// </summary>
    public AddResult Add(string path, ArtifactName name, IReadOnlyList<string>? aliases = null, string? metadataJson = null, RunId? producer = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(name);
        foreach (var alias in aliases ?? [])
        {
            ArtifactName.ValidateAlias(alias);
            if (alias == ArtifactReference.Latest)
            {
                throw new ArtifactException("The alias 'latest' is maintained automatically: it always names the newest version.");
            }
        }

        var cache = StatCache.Load(Path.Combine(Objects.Root, StatCache.FileName));
        var import = new ContentImporter(Objects, cache, _time).Import(path);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var (version, created) = Catalog.AddVersion(new NewArtifactVersion(name, import.Digest, import.IsDirectory, import.Size, import.FileCount, metadataJson, producer, now)
        {
            FileName = import.IsDirectory ? null : Path.GetFileName(Path.GetFullPath(path)),
        });
        foreach (var alias in aliases ?? [])
        {
            Catalog.SetAlias(name, alias, version.Version, now);
        }

        if (aliases is { Count: > 0 })
        {
            version = Catalog.FindVersion(name, version.Version)!;
        }

        return new AddResult(version, created, import);
    }

    /// <summary>Resolves a reference to a digest (and the version, for a name).</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing matches.</exception>
    public ResolvedArtifact Resolve(string reference)
    {
        var parsed = ArtifactReference.Parse(reference);
        if (parsed.Digest is { } digest)
        {
            var named = Catalog.FindByDigest(digest);
            if (named.Count > 0)
            {
                return new ResolvedArtifact(digest, named[0].IsDirectory, named[0]);
            }

            if (!Objects.Contains(digest))
            {
                throw new ArtifactNotFoundException(reference, $"No artifact or object {digest} in this store.");
            }

            return new ResolvedArtifact(digest, Objects.TryReadManifest(digest) is not null, null);
        }

        var name = NameOf(parsed);
        var version = parsed.Version is { } n ? Catalog.FindVersion(name, n) : Catalog.FindAlias(name, parsed.Alias!);
        if (version is null)
        {
            var known = Catalog.ListVersions(name);
            var what = parsed.Version is { } v ? $"version v{v}" : $"alias '{parsed.Alias}'";
            throw new ArtifactNotFoundException(reference, known.Count == 0
                ? $"No artifact named {name}. See 'repro artifacts list'."
                : $"{name} has no {what} (it has v1..v{known[^1].Version}; aliases: {string.Join(", ", known.SelectMany(k => k.Aliases).Distinct().Order(StringComparer.Ordinal))}).");
        }

        return new ResolvedArtifact(version.Digest, version.IsDirectory, version);
    }

    /// <summary>Resolves a reference that must name a version (not a bare digest).</summary>
    public ArtifactVersion ResolveVersion(string reference) =>
        Resolve(reference).Version ?? throw new ArtifactNotFoundException(reference, $"{reference} is stored but no named version has it.");

    /// <summary>Opens a file artifact (or any object) for reading; the stream verifies the digest as it is read.</summary>
    public Stream OpenRead(string reference)
    {
        var resolved = Resolve(reference);
        if (resolved.IsDirectory)
        {
            throw new ArtifactException($"{reference} is a folder: use 'repro artifacts get' (or Materialize) to write its files out.");
        }

        return Objects.OpenRead(resolved.Digest);
    }

    /// <summary>Writes an artifact into a folder (reflink, else read-only hard link, else copy; or copies only).</summary>
    public MaterializeResult Materialize(string reference, string targetFolder, bool copyOnly = false) =>
        new Materializer(Objects, allowLinks: !copyOnly).Materialize(Resolve(reference), targetFolder);

    /// <summary>Every object a digest reaches, checked; corrupt ones are quarantined.</summary>
    public IReadOnlyList<ObjectCheck> Verify(IEnumerable<string> rootDigests)
    {
        var checks = new List<ObjectCheck>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in rootDigests)
        {
            VerifyTree(root, seen, checks);
        }

        return checks;
    }

    /// <summary>Removes objects that no version reaches and stale temporary files, older than <paramref name="grace"/>.</summary>
    public GcResult CollectGarbage(bool dryRun, TimeSpan grace)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in Catalog.RootDigests())
        {
            try
            {
                foreach (var digest in Objects.Closure(root))
                {
                    reachable.Add(digest);
                }
            }
            catch (ArtifactNotFoundException)
            {
                // A missing root or manifest has nothing to keep beneath it; verify reports it.
                reachable.Add(root);
            }
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - grace;
        int removed = 0, young = 0, temps = 0;
        long bytes = 0;
        foreach (var item in Objects.Enumerate().ToList())
        {
            if (reachable.Contains(item.Digest))
            {
                continue;
            }

            if (item.LastWriteUtc > cutoff)
            {
                young++;
                continue;
            }

            removed++;
            bytes += item.Size;
            if (!dryRun)
            {
                Objects.Delete(item.Digest);
            }
        }

        foreach (var temp in Objects.TempFiles().ToList())
        {
            if (temp.LastWriteTimeUtc > cutoff)
            {
                continue;
            }

            temps++;
            bytes += temp.Length;
            if (!dryRun)
            {
                temp.Delete();
            }
        }

        return new GcResult(reachable.Count, removed, young, temps, bytes, dryRun);
    }

    private void VerifyTree(string digest, HashSet<string> seen, List<ObjectCheck> checks)
    {
        if (!seen.Add(digest))
        {
            return;
        }

        var check = Objects.Check(digest);
        checks.Add(check);
        if (check.State != ObjectState.Intact)
        {
            return;
        }

        var manifest = Objects.TryReadManifest(digest);
        foreach (var entry in manifest?.Entries ?? [])
        {
            if (entry.Digest is not null)
            {
                VerifyTree(entry.Digest, seen, checks);
            }
        }
    }

    private ArtifactName NameOf(ArtifactReference reference)
    {
        if (reference.Kind is not null)
        {
            return new ArtifactName(reference.Kind, reference.Name!);
        }

        var kinds = Catalog.KindsOf(reference.Name!);
        return kinds.Count switch
        {
            0 => throw new ArtifactNotFoundException(reference.Text, $"No artifact named {reference.Name}. See 'repro artifacts list'."),
            1 => new ArtifactName(kinds[0], reference.Name!),
            _ => throw new ArtifactNotFoundException(reference.Text, $"'{reference.Name}' names artifacts of several kinds ({string.Join(", ", kinds)}): write KIND/{reference.Name}."),
        };
    }
}
