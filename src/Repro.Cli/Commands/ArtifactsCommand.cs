using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Repro.Artifacts;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro artifacts add | get | list | show | lineage | verify | gc | alias set | remote | push | pull</c>: the content-addressed,
/// versioned artifact store beside the runs (objects under <c>.repro/objects/</c>).
/// </summary>
internal static partial class ArtifactsCommand
{
    private static readonly Argument<string> Reference = new("REF")
    {
        Description = "NAME (its latest), NAME:vN, NAME@ALIAS (each optionally KIND/NAME), or blake3:DIGEST.",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("artifacts", "Store, version, find, verify and fetch artifacts (datasets, models, checkpoints, ...).");
        command.Subcommands.Add(AddCommand(environment));
        command.Subcommands.Add(GetCommand(environment));
        command.Subcommands.Add(ListCommand(environment));
        command.Subcommands.Add(ShowCommand(environment));
        command.Subcommands.Add(LineageCommand(environment));
        command.Subcommands.Add(VerifyCommand(environment));
        command.Subcommands.Add(GcCommand(environment));
        command.Subcommands.Add(AliasCommand(environment));
        command.Subcommands.Add(RemoteCommand(environment));
        command.Subcommands.Add(PushCommand(environment));
        command.Subcommands.Add(PullCommand(environment));
        return command;
    }

    private static Command AddCommand(CliEnvironment environment)
    {
        var path = new Argument<string>("PATH") { Description = "A file or folder (folders are stored whole; symbolic links are kept as links, empty folders kept)." };
        var name = new Option<string>("--name") { Description = "KIND/NAME, KIND one of dataset, model, checkpoint, tokenizer, report, other.", Required = true };
        var alias = new Option<string[]>("--alias") { Description = "An alias to point at the version (repeatable), e.g. champion.", AllowMultipleArgumentsPerToken = false };
        var meta = new Option<string[]>("--meta") { Description = "Metadata KEY=VALUE (repeatable), stored as a JSON object." };
        var command = new Command("add", "Add a file or folder as a new version of a named artifact (a new version only when the content changed).");
        command.Arguments.Add(path);
        command.Options.Add(name);
        command.Options.Add(alias);
        command.Options.Add(meta);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var artifactName = ArtifactName.Parse(context.Value(name));
            var metadata = Metadata(context.ParseResult.GetValue(meta) ?? []);
            var source = Path.GetFullPath(context.Value(path), context.Environment.CurrentDirectory);
            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var result = repository.Add(source, artifactName, context.ParseResult.GetValue(alias) ?? [], metadata);
            var import = result.Import;
            if (context.Json)
            {
                CliJson.Write(context.Out, new
                {
                    artifact = VersionJson(result.Version),
                    created = result.Created,
                    hashed_files = import.HashedFiles,
                    cached_files = import.FileCount - import.HashedFiles,
                    new_objects = import.NewObjects,
                    symbolic_links = import.SymbolicLinks.Select(l => new { path = l.Key, target = l.Value }),
                    empty_directories = import.EmptyDirectories,
                    skipped = import.Skipped,
                });
                return CliApp.Success;
            }

            var v = result.Version;
            context.Out.WriteLine(result.Created
                ? $"Added {v.Label} ({v.Digest}): {Files(v)}, {Bytes(v.Size)}."
                : $"Unchanged: {v.Label} already has this content ({v.Digest}); no new version.");
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{import.HashedFiles} files read and hashed, {import.FileCount - import.HashedFiles} recognised unchanged by the stat cache; {import.NewObjects} new objects."));
            context.Out.WriteLine($"Aliases: {string.Join(", ", v.Aliases)}");
            foreach (var link in import.SymbolicLinks)
            {
                context.Out.WriteLine($"Symbolic link kept as a link (not followed): {link.Key} -> {link.Value}");
            }

            foreach (var empty in import.EmptyDirectories)
            {
                context.Out.WriteLine($"Empty folder kept: {empty}/");
            }

            foreach (var skipped in import.Skipped)
            {
                context.Error.WriteLine($"repro: warning: left out {skipped}");
            }

            return CliApp.Success;
        }));
        return command;
    }

    private static Command GetCommand(CliEnvironment environment)
    {
        var to = new Option<string>("--to") { Description = "The folder to write into (created; existing files are never overwritten).", Required = true };
        var copy = new Option<bool>("--copy") { Description = "Write independent, writable copies instead of reflinks or read-only hard links." };
        var command = new Command("get", "Write an artifact's files into a folder: by reflink where the file system can, else read-only hard link, else copy.");
        command.Arguments.Add(Reference);
        command.Options.Add(to);
        command.Options.Add(copy);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var target = Path.GetFullPath(context.Value(to), context.Environment.CurrentDirectory);
            var result = repository.Materialize(context.Value(Reference), target, context.ParseResult.GetValue(copy));
            if (context.Json)
            {
                CliJson.Write(context.Out, new
                {
                    target = result.Target,
                    reflinks = result.Reflinks,
                    hardlinks = result.Hardlinks,
                    copies = result.Copies,
                    symbolic_links = result.SymbolicLinks,
                    empty_directories = result.EmptyDirectories,
                    size_bytes = result.Bytes,
                });
                return CliApp.Success;
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {context.Value(Reference)} to {result.Target}: {result.Reflinks} reflinked, {result.Hardlinks} hard-linked read-only, {result.Copies} copied, {result.SymbolicLinks} symbolic links, {result.EmptyDirectories} empty folders, {Bytes(result.Bytes)}."));
            if (result.Hardlinks > 0)
            {
                context.Out.WriteLine("Hard-linked files share the store's copy and are read-only: do not make them writable and edit them (use --copy for writable files).");
            }

            return CliApp.Success;
        }));
        return command;
    }

    private static Command AliasCommand(CliEnvironment environment)
    {
        var alias = new Argument<string>("ALIAS") { Description = "The alias, e.g. champion ('latest' is maintained automatically)." };
        var set = new Command("set", "Point an alias of a name at a version (created or moved).");
        set.Arguments.Add(Reference);
        set.Arguments.Add(alias);
        set.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var aliasName = ArtifactName.ValidateAlias(context.Value(alias));
            if (aliasName == ArtifactReference.Latest)
            {
                throw new ArtifactException("The alias 'latest' is maintained automatically: it always names the newest version.");
            }

            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var version = repository.ResolveVersion(context.Value(Reference));
            repository.Catalog.SetAlias(version.Name, aliasName, version.Version, context.Environment.Time.GetUtcNow().ToUnixTimeMilliseconds());
            context.Out.WriteLine($"{version.Name}@{aliasName} -> {version.Label}");
            return CliApp.Success;
        }));
        var command = new Command("alias", "Manage aliases (mutable names for versions).");
        command.Subcommands.Add(set);
        return command;
    }

    private static string? Metadata(string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return null;
        }

        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArtifactException($"Invalid --meta '{pair}': expected KEY=VALUE.");
            }

            map[pair[..eq]] = pair[(eq + 1)..];
        }

        return JsonSerializer.Serialize(map);
    }

    internal static object VersionJson(ArtifactVersion v) => new
    {
        name = v.Name.ToString(),
        kind = v.Name.Kind,
        version = v.Version,
        label = v.Label,
        digest = v.Digest,
        is_directory = v.IsDirectory,
        size_bytes = v.Size,
        file_count = v.FileCount,
        aliases = v.Aliases,
        metadata = v.MetadataJson is null ? (JsonElement?)null : JsonDocument.Parse(v.MetadataJson).RootElement.Clone(),
        producer_run = v.ProducerRun?.Value,
        created_ms = v.CreatedMs,
    };

    private static string Files(ArtifactVersion v) => v.IsDirectory
        ? string.Create(CultureInfo.InvariantCulture, $"a folder of {v.FileCount} files")
        : "a file";

    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.00} GiB"),
    };
}
