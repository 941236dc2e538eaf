using System.CommandLine;
using Repro.Environments;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Commands;

/// <summary><c>repro env show RUN</c>, <c>repro env diff RUN_A RUN_B</c> and <c>repro env dockerfile RUN</c>.</summary>
internal static class EnvCommand
{
    private static readonly Argument<string> ShowRun = new("RUN") { Description = "The run: a full id or a unique prefix." };
    private static readonly Argument<string> RunA = new("RUN_A") { Description = "The first run: a full id or a unique prefix." };
    private static readonly Argument<string> RunB = new("RUN_B") { Description = "The second run." };
    private static readonly Option<bool> GitDiff = new("--git-diff") { Description = "Print only the run's stored uncommitted diff (git diff HEAD with untracked files), ready for git apply." };
    private static readonly Argument<string> DockerRun = new("RUN") { Description = "The run: a full id or a unique prefix." };

    public static Command Create(CliEnvironment environment)
    {
        var show = new Command("show", "Show the environment a run recorded: what can change numeric results (ISA, threads, runtime, native libraries, packages, seeds) first, then OS, hardware, container, git, command and environment variables. --json prints the stored manifest.");
        show.Arguments.Add(ShowRun);
        show.Options.Add(CliOptions.Json);
        show.Options.Add(GitDiff);
        show.SetAction(parseResult => CliApp.Guard(parseResult, environment, Show));

        var diff = new Command("diff", "Show how the environments of two runs differ, what can change numeric results first.");
        diff.Arguments.Add(RunA);
        diff.Arguments.Add(RunB);
        diff.Options.Add(CliOptions.Json);
        diff.SetAction(parseResult => CliApp.Guard(parseResult, environment, Diff));

        var dockerfile = new Command("dockerfile", "Print a Dockerfile that rebuilds a run's recorded environment: the exact .NET SDK image, a locked restore, and the recorded command under 'repro run'.");
        dockerfile.Arguments.Add(DockerRun);
        dockerfile.SetAction(parseResult => CliApp.Guard(parseResult, environment, context => Dockerfile(context)));

        var command = new Command("env", "Inspect the environment manifests runs record.");
        command.Subcommands.Add(show);
        command.Subcommands.Add(diff);
        command.Subcommands.Add(dockerfile);
        return command;
    }

    /// <summary>The stored manifest of a run, or a clear error when it has none.</summary>
    public static EnvironmentManifest LoadManifest(IRunStore store, RunId id) =>
        ManifestCapture.Load(store, id)
        ?? throw new InvalidRunDataException($"Run {id.Value[..8]} has no environment manifest: it was recorded before manifests existed, or with capture turned off.");

    private static int Show(CliContext context)
    {
        using var store = context.OpenStore();
        var id = store.ResolveRun(context.Value(ShowRun));
        var json = store.GetRunText(id, EnvironmentManifest.TextName);
        var manifest = LoadManifest(store, id);
        if (context.ParseResult.GetValue(GitDiff))
        {
            var diff = store.GetRunText(id, EnvironmentManifest.DiffTextName)
                ?? throw new InvalidRunDataException(manifest.Git is null
                    ? $"Run {id.Value[..8]} was not in a git repository: it has no diff."
                    : $"Run {id.Value[..8]} has no stored diff: {manifest.Git.DiffNote ?? "its working tree was clean"}.");
            context.Out.Write(diff);
            return CliApp.Success;
        }

        if (context.Json)
        {
            context.Out.WriteLine(json);
            return CliApp.Success;
        }

        context.Out.WriteLine($"Run {id.Value} — manifest schema {manifest.SchemaVersion}, captured {CliFormat.Time(manifest.CapturedMs)}");
        var sections = ManifestComparison.Sections(manifest);
        WriteGroup(context, "Can change numeric results", sections.Where(s => s.AffectsNumerics));
        WriteGroup(context, "Other", sections.Where(s => !s.AffectsNumerics));
        return CliApp.Success;
    }

    private static void WriteGroup(CliContext context, string title, IEnumerable<ManifestSection> sections)
    {
        context.Out.WriteLine();
        context.Out.WriteLine($"{title}:");
        foreach (var section in sections)
        {
            context.Out.WriteLine($"  {section.Name}");
            if (section.Entries.Count == 0)
            {
                context.Out.WriteLine("    (none)");
            }

            var width = section.Entries.Count == 0 ? 0 : Math.Min(40, section.Entries.Max(e => e.Key.Length));
            foreach (var (key, value) in section.Entries)
            {
                context.Out.WriteLine($"    {key.PadRight(width)}  {value}");
            }
        }
    }

    private static int Diff(CliContext context)
    {
        using var store = context.OpenStore();
        var a = store.ResolveRun(context.Value(RunA));
        var b = store.ResolveRun(context.Value(RunB));
        var changes = ManifestComparison.Compare(LoadManifest(store, a), LoadManifest(store, b));
        if (context.Json)
        {
            CliJson.Write(context.Out, DiffJson(a, b, changes));
            return CliApp.Success;
        }

        if (changes.Count == 0)
        {
            context.Out.WriteLine($"The environments of {a.Value[..8]} and {b.Value[..8]} do not differ.");
            return CliApp.Success;
        }

        context.Out.WriteLine($"{changes.Count} differences between {a.Value[..8]} (a) and {b.Value[..8]} (b):");
        WriteChanges(context.Out, changes, "  ");
        return CliApp.Success;
    }

    /// <summary>The JSON shape of an environment diff (also part of <c>repro replay --json</c>).</summary>
    public static object DiffJson(RunId a, RunId b, IReadOnlyList<ManifestChange> changes) => new
    {
        run_a = a.Value,
        run_b = b.Value,
        identical = changes.Count == 0,
        changes = ChangesJson(changes),
    };

    public static IEnumerable<object> ChangesJson(IReadOnlyList<ManifestChange> changes) =>
        changes.Select(c => new { section = c.Section, affects_numerics = c.AffectsNumerics, key = c.Key, a = c.A, b = c.B });

    /// <summary>Writes changes grouped: numeric ones first, one line each.</summary>
    public static void WriteChanges(TextWriter writer, IReadOnlyList<ManifestChange> changes, string indent)
    {
        foreach (var (title, group) in new[] { ("Can change numeric results:", changes.Where(c => c.AffectsNumerics).ToList()), ("Other:", changes.Where(c => !c.AffectsNumerics).ToList()) })
        {
            if (group.Count == 0)
            {
                continue;
            }

            writer.WriteLine($"{indent}{title}");
            foreach (var change in group)
            {
                writer.WriteLine($"{indent}  {change.Section}.{change.Key}: {change.A ?? "(absent)"} -> {change.B ?? "(absent)"}");
            }
        }
    }

    private static int Dockerfile(CliContext context)
    {
        using var store = context.OpenStore();
        var id = store.ResolveRun(context.Value(DockerRun));
        var run = store.GetRun(id);
        var data = store.GetRunData(id);
        context.Out.Write(DockerfileWriter.Write(run, data, LoadManifest(store, id)));
        return CliApp.Success;
    }
}
