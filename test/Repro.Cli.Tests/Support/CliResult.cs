using System.Text.Json;

namespace Repro.Cli.Tests.Support;

/// <summary>What a command did: its exit code and everything it wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Stdout split into lines, without the trailing empty one.</summary>
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.None) is var lines && lines[^1].Length == 0 ? lines[..^1] : Output.Split('\n');

    /// <summary>Stderr split into non-empty lines.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Stdout parsed as JSON.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }
}
