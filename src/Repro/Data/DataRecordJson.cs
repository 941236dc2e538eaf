using System.Text;
using System.Text.Json;
using Repro.Data.Splits;
using Repro.Tracking;

namespace Repro.Data;

/// <summary>The JSON values of the dataset and split tags (<see cref="DataTags"/>), compact and in a fixed key order.</summary>
internal static class DataRecordJson
{
    public static string Dataset(Table table)
    {
        var fingerprint = table.Fingerprint;
        for (var shown = table.Schema.Count; ; shown = shown * 3 / 4)
        {
            var json = Write(writer =>
            {
                writer.WriteString("fingerprint", fingerprint);
                writer.WriteNumber("rows", table.RowCount);
                writer.WriteNumber("column_count", table.Schema.Count);
                writer.WriteStartArray("columns");
                foreach (var column in table.Schema.Take(shown))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", column.Name);
                    writer.WriteString("type", column.Type.ToName());
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (shown < table.Schema.Count)
                {
                    writer.WriteBoolean("columns_truncated", true);
                }
            });
            if (json.Length <= TrackingLimits.MaxTagValueLength || shown == 0)
            {
                return json;
            }
        }
    }

    /// <exception cref="InvalidSplitException">Even without class counts the record exceeds the tag limit (hundreds of folds).</exception>
    public static string Split(SplitAssignment split)
    {
        var full = SplitJson(split, withClasses: true);
        if (full.Length <= TrackingLimits.MaxTagValueLength)
        {
            return full;
        }

        var compact = SplitJson(split, withClasses: false);
        return compact.Length <= TrackingLimits.MaxTagValueLength
            ? compact
            : throw new InvalidSplitException($"The record of a split into {split.Folds.Count} folds has {compact.Length} characters, more than a tag holds ({TrackingLimits.MaxTagValueLength}).");
    }

    private static string SplitJson(SplitAssignment split, bool withClasses) => Write(writer =>
    {
        var options = split.Options;
        writer.WriteString("method", split.Method.ToString().ToLowerInvariant());
        writer.WriteString("key", options.KeyColumn);
        writer.WriteString("salt", options.Salt);
        WriteOptional(writer, "stratify", options.StratifyColumn);
        WriteOptional(writer, "group", options.GroupColumn);
        WriteOptional(writer, "time", options.TimeColumn);
        WriteOptional(writer, "label", options.CountedLabelColumn);
        writer.WriteString("dataset_fingerprint", split.Table.Fingerprint);
        writer.WriteNumber("rows", split.Table.RowCount);
        writer.WriteStartArray("folds");
        foreach (var fold in split.Folds)
        {
            writer.WriteStartObject();
            writer.WriteString("name", fold.Name);
            writer.WriteNumber("fraction", fold.Fraction);
            writer.WriteNumber("rows", fold.Rows);
            if (withClasses)
            {
                writer.WriteStartObject("classes");
                foreach (var (label, count) in fold.ClassCounts)
                {
                    writer.WriteNumber(label, count);
                }

                writer.WriteEndObject();
            }

            writer.WriteString("key_digest", fold.KeyDigest);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (!withClasses)
        {
            writer.WriteBoolean("classes_truncated", true);
        }
    });

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
