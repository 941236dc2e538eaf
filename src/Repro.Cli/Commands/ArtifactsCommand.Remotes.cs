using System.CommandLine;
using System.Globalization;
using Repro.Artifacts;
using Repro.Artifacts.Remotes;
using Repro.Artifacts.S3;

namespace Repro.Cli.Commands;

/// <summary><c>artifacts remote add | remove | default | list</c>, <c>artifacts push</c> and <c>artifacts pull</c>.</summary>
internal static partial class ArtifactsCommand
{
    /// <summary>The remote kinds the tool ships: folders (built in) and S3-compatible object stores.</summary>
    internal static ObjectRemoteRegistry RemoteRegistry { get; } = new ObjectRemoteRegistry().Register(new S3RemoteProvider());

    private static readonly Option<string> RemoteOption = new("--remote")
    {
        Description = "A configured remote's name, or a URI or folder path (default: REPRO_REMOTE, then the default remote).",
    };

    private static readonly Option<int> JobsOption = new("--jobs")
    {
        Description = "Objects transferred at once.",
        DefaultValueFactory = _ => 8,
    };

    private static Command RemoteCommand(CliEnvironment environment)
    {
        var command = new Command("remote", $"Manage artifact remotes (kept in .repro/{RemoteConfiguration.FileName}; credentials stay in the environment, never in URIs).");
        command.Subcommands.Add(RemoteAddCommand(environment));
        command.Subcommands.Add(RemoteRemoveCommand(environment));
        command.Subcommands.Add(RemoteDefaultCommand(environment));
        command.Subcommands.Add(RemoteListCommand(environment));
        return command;
    }

    private static Command RemoteAddCommand(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The remote's name (letters, digits, '_', '.', '-')." };
        var uri = new Argument<string>("URI") { Description = "s3://BUCKET/PREFIX[?endpoint=URL&region=R], file:///PATH, or a folder path." };
        var replace = new Option<bool>("--replace") { Description = "Replace a remote of the same name." };
        var command = new Command("add", "Add a remote (the first one added becomes the default). The URI is checked, not contacted.");
        command.Arguments.Add(name);
        command.Arguments.Add(uri);
        command.Options.Add(replace);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var folder = StoreFolder(context);
            var remoteName = context.Value(name);
            var updated = RemoteConfiguration.Load(folder)
                .Add(remoteName, context.Value(uri), context.Environment.CurrentDirectory, RemoteRegistry, context.ParseResult.GetValue(replace));
            updated.Save(folder);
            context.Out.WriteLine($"Remote {remoteName} -> {updated.Remotes[remoteName]}{(updated.DefaultName == remoteName ? " (default)" : string.Empty)}");
            return CliApp.Success;
        }));
        return command;
    }

    private static Command RemoteRemoveCommand(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The remote to forget (nothing on it is deleted)." };
        var command = new Command("remove", "Forget a remote; the objects it holds are left as they are.");
        command.Arguments.Add(name);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var folder = StoreFolder(context);
            var configuration = RemoteConfiguration.Load(folder);
            var wasDefault = configuration.DefaultName == context.Value(name);
            configuration.Remove(context.Value(name)).Save(folder);
            context.Out.WriteLine($"Removed remote {context.Value(name)}{(wasDefault ? "; no default remote is set now" : string.Empty)}.");
            return CliApp.Success;
        }));
        return command;
    }

    private static Command RemoteDefaultCommand(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "A configured remote." };
        var command = new Command("default", "Make a remote the one push and pull use when --remote and REPRO_REMOTE are not given.");
        command.Arguments.Add(name);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var folder = StoreFolder(context);
            RemoteConfiguration.Load(folder).WithDefault(context.Value(name)).Save(folder);
            context.Out.WriteLine($"Default remote: {context.Value(name)}");
            return CliApp.Success;
        }));
        return command;
    }

    private static Command RemoteListCommand(CliEnvironment environment)
    {
        var command = new Command("list", "List the configured remotes.");
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var configuration = RemoteConfiguration.Load(StoreFolder(context));
            if (context.Json)
            {
                CliJson.Write(context.Out, configuration.Remotes.Select(r => new { name = r.Key, uri = r.Value, is_default = r.Key == configuration.DefaultName }));
                return CliApp.Success;
            }

            if (configuration.Remotes.Count == 0)
            {
                context.Out.WriteLine("No remotes. Add one with 'repro artifacts remote add NAME URI'.");
            }

            foreach (var (name, uri) in configuration.Remotes)
            {
                context.Out.WriteLine($"{name}\t{uri}{(name == configuration.DefaultName ? "\t(default)" : string.Empty)}");
            }

            return CliApp.Success;
        }));
        return command;
    }

    private static Command PushCommand(CliEnvironment environment)
    {
        var references = new Argument<string[]>("REF") { Description = "Artifacts to push (NAME, NAME:vN, NAME@ALIAS, blake3:DIGEST), each with everything a folder holds.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("push", "Upload artifacts' objects the remote lacks (verified while read; a folder's manifest last, so a remote never holds half a tree).");
        command.Arguments.Add(references);
        command.Options.Add(RemoteOption);
        command.Options.Add(JobsOption);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var roots = context.Value(references).Select(r => repository.Resolve(r).Digest).Distinct(StringComparer.Ordinal).ToList();
            return Transfer(context, repository, roots, push: true);
        }));
        return command;
    }

    private static Command PullCommand(CliEnvironment environment)
    {
        var references = new Argument<string[]>("REF")
        {
            Description = "blake3:DIGEST (always), or NAME:vN / NAME@ALIAS when this store's catalog already knows the name.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("pull",
            "Download artifacts' objects this store lacks, verifying each before it is kept (a folder's manifest last). "
            + "Remotes hold objects only, not names: versions and aliases are not stored on remotes yet, so a machine that "
            + "does not know a name must pull by digest (see 'repro artifacts show REF' where it was added).");
        command.Arguments.Add(references);
        command.Options.Add(RemoteOption);
        command.Options.Add(JobsOption);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var roots = context.Value(references).Select(r => PullDigest(repository, r)).Distinct(StringComparer.Ordinal).ToList();
            return Transfer(context, repository, roots, push: false);
        }));
        return command;
    }

    /// <summary>The digest to pull: a digest as given; a name only through this store's catalog (remotes keep no names).</summary>
    private static string PullDigest(ArtifactRepository repository, string reference)
    {
        var parsed = ArtifactReference.Parse(reference);
        if (parsed.Digest is { } digest)
        {
            return digest;
        }

        try
        {
            return repository.Resolve(reference).Digest;
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new ArtifactException(
                $"Cannot pull {reference}: {ex.Message} Remotes hold objects, not names (versions and aliases are not stored on remotes yet), "
                + "so only a blake3: digest can be pulled onto a store that does not know the name; 'repro artifacts show' prints it where the artifact was added.");
        }
    }

    private static int Transfer(CliContext context, ArtifactRepository repository, IReadOnlyCollection<string> roots, bool push)
    {
        var jobs = context.ParseResult.GetValue(JobsOption);
        if (jobs < 1)
        {
            throw new ArtifactException($"--jobs must be at least 1 (got {jobs}).");
        }

        var folder = Path.GetDirectoryName(repository.Objects.Root)!;
        var uri = RemoteConfiguration.Load(folder).Resolve(
            context.ParseResult.GetValue(RemoteOption), context.Environment.GetVariable, context.Environment.CurrentDirectory, RemoteRegistry);
        using var remote = RemoteRegistry.Open(uri, new RemoteContext(context.Environment.GetVariable));
        var progress = new TransferProgressPrinter(context.Error, context.IsTerminal, push ? "Pushing" : "Pulling", context.Environment.Time);
        var transfer = new ObjectTransfer(new StoreLocalObjects(repository.Objects), remote, new TransferOptions { Parallelism = jobs, Progress = progress.Report });
        var summary = (push ? transfer.PushAsync(roots, CancellationToken.None) : transfer.PullAsync(roots, CancellationToken.None)).GetAwaiter().GetResult();
        progress.Finish();

        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                direction = push ? "push" : "pull",
                remote = remote.Address,
                roots,
                transferred_objects = summary.Transferred,
                transferred_bytes = summary.Bytes,
                skipped_objects = summary.Skipped,
            });
            return CliApp.Success;
        }

        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(push ? "Pushed" : "Pulled")} {summary.Transferred} objects ({Bytes(summary.Bytes)}) {(push ? "to" : "from")} {remote.Address}; "
            + $"{summary.Skipped} skipped ({(push ? "the remote already had them" : "already in this store")})."));
        return CliApp.Success;
    }

    /// <summary>The store's folder (<c>.repro/</c>), where <c>remotes.json</c> lives; the store must exist.</summary>
    private static string StoreFolder(CliContext context)
    {
        using var store = context.OpenStore();
        return Path.GetDirectoryName(ArtifactRepository.Open(store, context.Environment.Time).Objects.Root)!;
    }
}
