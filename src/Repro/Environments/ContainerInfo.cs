namespace Repro.Environments;

/// <summary>Whether the process runs in a container, and what said so.</summary>
internal sealed record ContainerInfo(string Kind, string Evidence);
