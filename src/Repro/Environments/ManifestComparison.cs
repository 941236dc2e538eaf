using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Repro.Environments;

/// <summary>
/// Flattens manifests into sections of key/value text, and lists what differs between two of them:
/// first what can change numeric results (ISA, threads, runtime, native libraries, packages, seeds),
/// then the rest (OS, hardware, container, git, command, environment variables). A native library patched beside
/// the program (<see cref="NativePatches"/>) is one entry, <c>patches/LIBRARY</c>, whose value is its whole record, so
/// a run with a patched library and one without differ in that line.
/// </summary>
internal static class ManifestComparison
{
    private static readonly HashSet<string> NumericSections = new(StringComparer.Ordinal)
    {
        "isa", "threads", "runtime", "native_libraries", "packages", "seeds", "datasets",
    };

    /// <summary>Fields that describe the capture itself, not the environment.</summary>
    private static readonly HashSet<string> CaptureFields = new(StringComparer.Ordinal) { "schema_version", "captured_ms", "capture_ms" };

    /// <summary>The manifest's sections, numeric ones first, each in the manifest's own order.</summary>
    public static IReadOnlyList<ManifestSection> Sections(EnvironmentManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var document = JsonDocument.Parse(ManifestCapture.ToJson(manifest));
        var sections = new List<ManifestSection>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (CaptureFields.Contains(property.Name))
            {
                continue;
            }

            var entries = new List<KeyValuePair<string, string>>();
            if (property.Name == "packages")
            {
                FlattenPackages(property.Value, entries);
            }
            else if (property.Name == "native_libraries")
            {
                FlattenNativeLibraries(property.Value, entries);
            }
            else
            {
                Flatten(property.Value, string.Empty, entries);
            }

            sections.Add(new ManifestSection(property.Name, NumericSections.Contains(property.Name), entries));
        }

        return [.. sections.Where(s => s.AffectsNumerics), .. sections.Where(s => !s.AffectsNumerics)];
    }

    /// <summary>Every entry that differs, numeric sections first; empty when the environments match.</summary>
    public static IReadOnlyList<ManifestChange> Compare(EnvironmentManifest a, EnvironmentManifest b)
    {
        var sectionsA = Sections(a);
        var sectionsB = Sections(b).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var changes = new List<ManifestChange>();
        foreach (var sectionA in sectionsA)
        {
            var entriesB = sectionsB.TryGetValue(sectionA.Name, out var sectionB)
                ? sectionB.Entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)
                : [];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, valueA) in sectionA.Entries)
            {
                seen.Add(key);
                var valueB = entriesB.GetValueOrDefault(key);
                if (valueA != valueB)
                {
                    changes.Add(new ManifestChange(sectionA.Name, sectionA.AffectsNumerics, key, valueA, valueB));
                }
            }

            foreach (var (key, valueB) in sectionB?.Entries ?? [])
            {
                if (!seen.Contains(key))
                {
                    changes.Add(new ManifestChange(sectionA.Name, sectionA.AffectsNumerics, key, null, valueB));
                }
            }
        }

        return changes;
    }

    private static void FlattenPackages(JsonElement packages, List<KeyValuePair<string, string>> entries)
    {
        if (packages.TryGetProperty("sources", out var sources))
        {
            entries.Add(new("sources", sources.GetArrayLength() == 0 ? "(none)" : string.Join(", ", sources.EnumerateArray().Select(s => s.GetString()))));
        }

        if (packages.TryGetProperty("items", out var items))
        {
            foreach (var item in items.EnumerateObject())
            {
                var version = item.Value.GetProperty("version").GetString();
                var hash = item.Value.TryGetProperty("hash", out var h) && h.ValueKind == JsonValueKind.String ? " " + h.GetString() : string.Empty;
                entries.Add(new(item.Name, version + hash));
            }
        }
    }

    private static void FlattenNativeLibraries(JsonElement native, List<KeyValuePair<string, string>> entries)
    {
        foreach (var property in native.EnumerateObject())
        {
            if (property.Name == "patches" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var patch in property.Value.EnumerateObject())
                {
                    entries.Add(new($"patches/{patch.Name}", Compact(patch.Value)));
                }
            }
            else
            {
                Flatten(property.Value, property.Name, entries);
            }
        }
    }

    private static void Flatten(JsonElement element, string path, List<KeyValuePair<string, string>> entries)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", entries);
                }

                break;
            case JsonValueKind.Array:
                entries.Add(new(path, element.GetArrayLength() == 0 ? "(none)" : Compact(element)));
                break;
            case JsonValueKind.String:
                entries.Add(new(path, element.GetString()!));
                break;
            case JsonValueKind.Null:
                entries.Add(new(path.Length == 0 ? "(none)" : path, "(none)"));
                break;
            default:
                entries.Add(new(path, element.GetRawText()));
                break;
        }
    }

    private static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
