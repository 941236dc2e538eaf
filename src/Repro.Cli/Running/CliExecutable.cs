using System.Reflection;

namespace Repro.Cli.Running;

/// <summary>
/// The command line that starts this tool again as a child process, so that a command (such as <c>repro demo</c>)
/// can run part of its work as a tracked, replayable run of <c>repro</c> itself.
/// </summary>
internal static class CliExecutable
{
    /// <summary>
    /// The program and leading arguments that run this tool: its own executable when the process is the tool
    /// (the <c>Repro.Cli</c> apphost, or the <c>repro</c> shim of an installed dotnet tool); otherwise the dotnet
    /// host and <c>Repro.Cli.dll</c> (under <c>dotnet Repro.Cli.dll</c>, or when the tool runs inside another host,
    /// such as a test runner).
    /// </summary>
    /// <exception cref="ReproException">Neither this process's executable nor Repro.Cli.dll can be found.</exception>
    public static IReadOnlyList<string> Command()
    {
        var cli = typeof(CliApp).Assembly;
        var processPath = Environment.ProcessPath;
        var hostedByDotnet = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet";
        if (processPath is not null && !hostedByDotnet && Assembly.GetEntryAssembly() == cli)
        {
            return [processPath];
        }

        var assembly = cli.Location;
        if (string.IsNullOrEmpty(assembly) || !File.Exists(assembly))
        {
            throw new ReproException("Cannot start repro again: this process has no executable of its own and Repro.Cli.dll was not found (is the tool published as a single file?).");
        }

        return [DotnetHost(hostedByDotnet ? processPath : null), assembly];
    }

    /// <summary>The dotnet host: the one running this process, else DOTNET_HOST_PATH (set by the SDK's tools), else <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost(string? current)
    {
        if (current is not null)
        {
            return current;
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        return CommandResolver.Resolve("dotnet", Environment.GetEnvironmentVariable("PATH"), Environment.CurrentDirectory);
    }
}
