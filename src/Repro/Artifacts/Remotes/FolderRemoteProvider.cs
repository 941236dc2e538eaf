namespace Repro.Artifacts.Remotes;

/// <summary>Opens folder remotes: <c>file:///PATH</c> (a plain path is parsed to this form).</summary>
internal sealed class FolderRemoteProvider : IObjectRemoteProvider
{
    public IReadOnlyList<string> Schemes { get; } = ["file"];

    public IReadOnlyList<string> Validate(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var problems = new List<string>();
        if (!uri.IsFile || !string.IsNullOrEmpty(uri.Host))
        {
            problems.Add("a folder remote must be a local path (file:///PATH); network hosts are not supported");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            problems.Add("a folder remote takes no query or fragment");
        }

        return problems;
    }

    public IObjectRemote Open(Uri uri, RemoteContext context)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new FolderObjectRemote(uri.LocalPath);
    }
}
