namespace Repro.Artifacts.Remotes;

/// <summary>Opens remotes of one or more URI schemes; registered in <see cref="ObjectRemoteRegistry"/>.</summary>
public interface IObjectRemoteProvider
{
    /// <summary>The URI schemes this provider handles, lower case, such as <c>s3</c>.</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>
    /// Checks a remote URI's syntax without contacting the remote, and returns the problems found (empty when
    /// it is usable). Used before a remote is saved in the configuration.
    /// </summary>
    IReadOnlyList<string> Validate(Uri uri);

    /// <summary>Opens the remote. Opening does not contact it; the first request does.</summary>
    /// <exception cref="RemoteException">The URI is not usable (see <see cref="Validate"/>) or credentials are incomplete.</exception>
    IObjectRemote Open(Uri uri, RemoteContext context);
}
