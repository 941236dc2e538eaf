namespace Repro.Environments;

/// <summary>What one git call printed.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Text">Stdout as UTF-8, up to the size asked for.</param>
/// <param name="Error">Stderr.</param>
/// <param name="Bytes">The full size of stdout, including any part not kept.</param>
/// <param name="Truncated">True when stdout was larger than asked for and only counted.</param>
internal sealed record GitResult(int ExitCode, string Text, string Error, long Bytes, bool Truncated);
