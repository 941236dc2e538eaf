using System.Text.Json;

namespace Repro.Environments;

/// <summary>
/// Finds the records build steps leave beside native libraries they patched in a program's output folder: a file
/// <c>LIBRARY.repro-patch.json</c> (a JSON object) next to <c>LIBRARY</c>, in the folder itself or in its
/// <c>runtimes/*/native</c> folders, where .NET looks for native libraries. A patched library changes what the run
/// computes with, so its record belongs in the manifest's numeric part.
/// </summary>
internal static class NativePatches
{
    /// <summary>The suffix of a patch record's file name.</summary>
    public const string RecordSuffix = ".repro-patch.json";

    /// <summary>
    /// The patch records under <paramref name="programFolder"/>: the patched library's path relative to the folder
    /// ('/'-separated) to the record's fields (strings as they are, other JSON values as JSON text). A record that
    /// cannot be read is listed with a single <c>unreadable</c> field saying why. Never throws.
    /// </summary>
    public static SortedDictionary<string, SortedDictionary<string, string>> Find(string programFolder)
    {
        ArgumentNullException.ThrowIfNull(programFolder);
        var records = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var folder in Folders(programFolder))
        {
            string[] files;
            try
            {
                files = Directory.GetFiles(folder, "*" + RecordSuffix);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                var library = Path.GetRelativePath(programFolder, file[..^RecordSuffix.Length]).Replace(Path.DirectorySeparatorChar, '/');
                records[library] = Read(file);
            }
        }

        return records;
    }

    private static IEnumerable<string> Folders(string programFolder)
    {
        if (!Directory.Exists(programFolder))
        {
            yield break;
        }

        yield return programFolder;
        var runtimes = Path.Combine(programFolder, "runtimes");
        string[] platforms;
        try
        {
            platforms = Directory.Exists(runtimes) ? Directory.GetDirectories(runtimes) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            platforms = [];
        }

        foreach (var platform in platforms.Order(StringComparer.Ordinal))
        {
            var native = Path.Combine(platform, "native");
            if (Directory.Exists(native))
            {
                yield return native;
            }
        }
    }

    private static SortedDictionary<string, string> Read(string file)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                fields["unreadable"] = $"expected a JSON object, found {document.RootElement.ValueKind}";
                return fields;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            fields.Clear();
            fields["unreadable"] = ex.Message;
        }

        return fields;
    }
}
