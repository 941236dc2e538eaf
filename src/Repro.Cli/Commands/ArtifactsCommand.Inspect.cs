using System.CommandLine;
using System.Globalization;
using Repro.Artifacts;
using Repro.Tracking;

namespace Repro.Cli.Commands;

/// <summary><c>artifacts list | show | lineage</c>.</summary>
internal static partial class ArtifactsCommand
{
    private static Command ListCommand(CliEnvironment environment)
    {
        var command = new Command("list", "List every version of every artifact, with aliases.");
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            using var store = context.OpenStore();
            var versions = ArtifactRepository.Open(store, context.Environment.Time).Catalog.ListVersions(null);
            if (context.Json)
            {
                CliJson.Write(context.Out, versions.Select(VersionJson));
                return CliApp.Success;
            }

            if (versions.Count == 0)
            {
                context.Out.WriteLine("No artifacts yet. Add one with 'repro artifacts add PATH --name KIND/NAME'.");
                return CliApp.Success;
            }

            foreach (var v in versions)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{v.Label}\t{v.Digest[..19]}\t{(v.IsDirectory ? "dir" : "file")}\t{v.FileCount}\t{Bytes(v.Size)}\t{string.Join(",", v.Aliases)}\t{CliFormat.Time(v.CreatedMs)}"));
            }

            return CliApp.Success;
        }));
        return command;
    }

    private static Command ShowCommand(CliEnvironment environment)
    {
        var command = new Command("show", "Show one version: digest, size, aliases, metadata, producer and consumers.");
        command.Arguments.Add(Reference);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var v = repository.ResolveVersion(context.Value(Reference));
            var consumers = repository.Catalog.Consumers(v.Name, v.Version);
            if (context.Json)
            {
                CliJson.Write(context.Out, new { artifact = VersionJson(v), consumer_runs = consumers.Select(c => c.Value) });
                return CliApp.Success;
            }

            context.Out.WriteLine($"{v.Label}");
            context.Out.WriteLine($"  digest    {v.Digest}");
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  content   {Files(v)}, {Bytes(v.Size)} ({v.Size} bytes)"));
            context.Out.WriteLine($"  aliases   {string.Join(", ", v.Aliases)}");
            context.Out.WriteLine($"  created   {CliFormat.Time(v.CreatedMs)}");
            context.Out.WriteLine($"  produced  {(v.ProducerRun is { } p ? "by run " + p.Value : "by hand (repro artifacts add)")}");
            context.Out.WriteLine($"  used by   {(consumers.Count == 0 ? "no runs yet" : string.Join(", ", consumers.Select(c => c.Value[..8])))}");
            if (v.MetadataJson is not null)
            {
                context.Out.WriteLine($"  metadata  {v.MetadataJson}");
            }

            return CliApp.Success;
        }));
        return command;
    }

    private static Command LineageCommand(CliEnvironment environment)
    {
        var command = new Command("lineage", "Which run produced a version, what that run consumed, and which runs consumed it.");
        command.Arguments.Add(Reference);
        command.Options.Add(CliOptions.Json);
        command.SetAction(parse => CliApp.Guard(parse, environment, context =>
        {
            using var store = context.OpenStore();
            var repository = ArtifactRepository.Open(store, context.Environment.Time);
            var v = repository.ResolveVersion(context.Value(Reference));
            var inputs = v.ProducerRun is { } producer ? repository.Catalog.InputsOf(producer) : [];
            var consumers = repository.Catalog.Consumers(v.Name, v.Version);
            string RunLabel(RunId id)
            {
                try
                {
                    var info = store.GetRun(id);
                    return $"run {id.Value[..8]} '{info.Name}' ({info.Status}, {info.ExperimentName})";
                }
                catch (RunNotFoundException)
                {
                    return $"run {id.Value[..8]} (deleted)";
                }
            }

            if (context.Json)
            {
                CliJson.Write(context.Out, new
                {
                    artifact = VersionJson(v),
                    producer_run = v.ProducerRun?.Value,
                    producer_inputs = inputs.Select(i => new { label = i.Label, digest = i.Digest }),
                    consumer_runs = consumers.Select(c => c.Value),
                });
                return CliApp.Success;
            }

            context.Out.WriteLine($"{v.Label} ({v.Digest})");
            if (v.ProducerRun is { } run)
            {
                context.Out.WriteLine($"  produced by {RunLabel(run)}");
                foreach (var input in inputs)
                {
                    context.Out.WriteLine($"    which used {input.Label}");
                }
            }
            else
            {
                context.Out.WriteLine("  produced by hand (repro artifacts add), not by a run");
            }

            context.Out.WriteLine(consumers.Count == 0 ? "  used by no runs yet" : "  used by:");
            foreach (var consumer in consumers)
            {
                context.Out.WriteLine($"    {RunLabel(consumer)}");
            }

            return CliApp.Success;
        }));
        return command;
    }
}
