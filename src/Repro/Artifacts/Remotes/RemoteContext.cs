namespace Repro.Artifacts.Remotes;

/// <summary>What a provider may consult when it opens a remote, injectable so tests run in-process.</summary>
/// <param name="GetEnvironmentVariable">Reads an environment variable (credentials such as <c>AWS_ACCESS_KEY_ID</c>); null when unset.</param>
public sealed record RemoteContext(Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>The current process's environment.</summary>
    public static RemoteContext Process { get; } = new(Environment.GetEnvironmentVariable);
}
