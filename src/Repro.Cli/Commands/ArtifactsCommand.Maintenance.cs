using System.CommandLine;
using System.Globalization;
using Repro.Artifacts;

namespace Repro.Cli.Commands;

/// <summary><c>artifacts verify | gc</c>.</summary>
internal static partial class ArtifactsCommand
{
    private static Command VerifyCommand(CliEnvironment environment)
    {
        var reference = new Argument<string?>("REF") { Description = "The artifact to check (with everything a folder holds).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Check every version of every artifact." };
        var command = new Command("verify", "Re-hash stored objects; a corrupt one is quarantined (exit code 3 when anything is corrupt or missing).");
        command.Arguments.Add(reference);
        command.Options.Add(all);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var refText = context.ParseResult.GetValue(reference);
            var everything = context.ParseResult.GetValue(all);
            if ((refText is null) == !everything)
            {
                throw new ArtifactException("Give either REF or --all (not both).");
            }

            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var roots = everything
                ? repository.Catalog.RootDigests().Order(StringComparer.Ordinal).ToList()
                : [repository.Resolve(refText!).Digest];
            var checks = repository.Verify(roots);
            var corrupt = checks.Where(c => c.State == ObjectState.Corrupt).ToList();
            var missing = checks.Where(c => c.State == ObjectState.Missing).ToList();
            var ok = corrupt.Count == 0 && missing.Count == 0;
            if (context.Json)
            {
                CliJson.Write(context.Out, new
                {
                    ok,
                    checked_objects = checks.Count,
                    intact = checks.Count - corrupt.Count - missing.Count,
                    corrupt = corrupt.Select(c => new { digest = c.Digest, actual_digest = c.ActualDigest, quarantined_to = repository.Objects.QuarantineFolder }),
                    missing = missing.Select(c => c.Digest),
                });
            }
            else
            {
                foreach (var c in corrupt)
                {
                    context.Out.WriteLine($"CORRUPT {c.Digest}: its bytes hash to {c.ActualDigest}; moved to {repository.Objects.QuarantineFolder}");
                }

                foreach (var m in missing)
                {
                    context.Out.WriteLine($"MISSING {m.Digest}");
                }

                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(ok ? "OK" : "FAILED")}: {checks.Count} objects checked, {checks.Count - corrupt.Count - missing.Count} intact, {corrupt.Count} corrupt, {missing.Count} missing."));
            }

            return ok ? CliApp.Success : CliApp.CheckFoundDifference;
        }));
        return command;
    }

    private static Command GcCommand(CliEnvironment environment)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be removed, remove nothing." };
        var grace = new Option<string>("--grace")
        {
            Description = "Keep unreachable objects and temporary files younger than this (e.g. 30m, 2h, 0s; default 1h): an add in progress may be about to name them.",
            DefaultValueFactory = _ => "1h",
        };
        var command = new Command("gc", "Remove objects no version, alias or run output reaches, and files left by interrupted writes.");
        command.Options.Add(dryRun);
        command.Options.Add(grace);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            var period = ParseDuration(context.Value(grace));
            using var store = context.OpenStore();
            var result = ArtifactRepository.Open(store, context.Environment.Time).CollectGarbage(context.ParseResult.GetValue(dryRun), period);
            if (context.Json)
            {
                CliJson.Write(context.Out, new
                {
                    dry_run = result.DryRun,
                    reachable_objects = result.Reachable,
                    removed_objects = result.Removed,
                    young_objects_kept = result.YoungKept,
                    temp_files_removed = result.TempFilesRemoved,
                    bytes_freed = result.BytesFreed,
                });
                return CliApp.Success;
            }

            var verb = result.DryRun ? "Would remove" : "Removed";
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verb} {result.Removed} unreachable objects and {result.TempFilesRemoved} temporary files: {(result.DryRun ? "would free" : "freed")} {Bytes(result.BytesFreed)} ({result.BytesFreed} bytes)."));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Kept {result.Reachable} reachable objects and {result.YoungKept} unreachable ones younger than {context.Value(grace)}."));
            return CliApp.Success;
        }));
        return command;
    }

    private static TimeSpan ParseDuration(string text)
    {
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw new ArtifactException($"Invalid --grace '{text}': expected a number and a unit s, m, h or d (for example 30m).");
    }
}
