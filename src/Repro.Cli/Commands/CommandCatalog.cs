using System.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>Every top-level command, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(CliEnvironment environment) =>
    [
        InitCommand.Create(environment),
        RunCommand.Create(environment),
        RunsCommand.Create(environment),
        ExperimentsCommand.Create(environment),
        ReplayCommand.Create(environment),
        EnvCommand.Create(environment),
        EvalCommand.Create(environment),
        CompareCommand.Create(environment),
        BenchCommand.Create(environment),
        DataCommand.Create(environment),
        ProfileCommand.Create(environment),
        ArtifactsCommand.Create(environment),
        DemoCommand.Create(environment),
    ];
}
