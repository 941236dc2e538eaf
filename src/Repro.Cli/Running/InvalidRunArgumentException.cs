namespace Repro.Cli.Running;

/// <summary>A <c>repro run</c> argument that cannot be used as given. Thrown before anything is written.</summary>
internal sealed class InvalidRunArgumentException(string message) : ReproException(message);
