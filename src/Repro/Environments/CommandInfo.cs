namespace Repro.Environments;

/// <summary>The command line that ran, credential-shaped arguments redacted.</summary>
/// <param name="Args">The program then its arguments.</param>
/// <param name="WorkingDirectory">The absolute working folder.</param>
/// <param name="Source"><c>repro run</c> or <c>process</c> (the command line of a process that used the library itself).</param>
/// <param name="Redactions">Arguments or parts of them that were redacted (a replay cannot pass those).</param>
internal sealed record CommandInfo(IReadOnlyList<string> Args, string WorkingDirectory, string Source, int Redactions);
