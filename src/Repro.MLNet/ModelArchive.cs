using System.IO.Compression;

namespace Repro.MLNet;

/// <summary>
/// Makes ML.NET's model files reproducible. ML.NET saves a model as a zip archive whose entries carry the time of
/// saving, so the same model saved twice gives different bytes and a different digest. The archive is rewritten
/// with the same entries, in the same order, with the same content, and every time stamp set to the zip epoch.
/// </summary>
internal static class ModelArchive
{
    /// <summary>The time stamp of every entry: the earliest a zip file can hold (1980-01-01, local time in the format).</summary>
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Rewrites the zip file at <paramref name="source"/> into <paramref name="destination"/> with fixed time stamps.</summary>
    public static void WriteCanonical(string source, string destination)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(destination, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            var copy = output.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = FixedTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
