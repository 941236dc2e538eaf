using System.Text.Json;
using Repro.Artifacts;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Lists the files a wrapped command left in <c>REPRO_OUTPUTS</c> with their sizes and digests, for the
/// <see cref="SystemTags.Outputs"/> tag. Symbolic links are not followed.
/// </summary>
internal static class RunOutputs
{
    /// <summary>The run text holding the full list when it is too long for the tag.</summary>
    public const string FullListText = "outputs";

    /// <summary>The artifact name (within kind <c>other</c>) of a run's outputs folder: <c>outputs-RUNID8</c>.</summary>
    public static string ArtifactName(RunId runId) => $"outputs-{runId.Value[..8]}";

    /// <summary>Every regular file under <paramref name="folder"/>, sorted by path (ordinal).</summary>
    /// <param name="folder">The outputs folder.</param>
    /// <param name="warn">Told about a file that could not be read (it is left out).</param>
    public static IReadOnlyList<OutputFile> Collect(string folder, Action<string> warn)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        var files = new List<OutputFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", options))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                files.Add(new OutputFile(relative, new FileInfo(path).Length, ContentDigest.OfFile(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warn($"could not read output file {relative}: {ex.Message}");
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>The JSON array of all the files.</summary>
    public static string ToJson(IEnumerable<OutputFile> files) => JsonSerializer.Serialize(files, CliJson.Compact);

    /// <summary>
    /// The tag value: the full array when it fits in a tag, else the longest prefix of it that does (the
    /// full list then goes to the run text <see cref="FullListText"/>).
    /// </summary>
    public static (string Tag, bool Complete) TagValue(IReadOnlyList<OutputFile> files)
    {
        var full = ToJson(files);
        if (full.Length <= TrackingLimits.MaxTagValueLength)
        {
            return (full, true);
        }

        // Longest prefix that fits, by bisection on the count.
        int low = 0, high = files.Count;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (ToJson(files.Take(middle)).Length <= TrackingLimits.MaxTagValueLength)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return (ToJson(files.Take(low)), false);
    }
}
