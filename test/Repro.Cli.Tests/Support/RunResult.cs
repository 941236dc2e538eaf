namespace Repro.Cli.Tests.Support;

/// <summary>What an in-process <c>repro</c> invocation returned and printed.</summary>
public sealed record RunResult(int ExitCode, string Out, string Error)
{
    /// <summary>The non-empty lines on stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
