using System.Globalization;
using System.Text;

namespace Repro.Data.Synthetic;

/// <summary>Writes generated datasets as RFC 4180 CSV that <see cref="CsvTable"/> reads back with the same types and bits.</summary>
internal static class SyntheticCsv
{
    /// <summary>Writes a header and rows to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    public static void Write(string path, IReadOnlyList<string> header, int rows, Action<int, List<string>> fillRow)
    {
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.NewLine = "\n";
                WriteLine(writer, header);
                var fields = new List<string>(header.Count);
                for (var row = 0; row < rows; row++)
                {
                    fields.Clear();
                    fillRow(row, fields);
                    WriteLine(writer, fields);
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// A double in the shortest text that round-trips, always spelled so that CSV type inference reads it as a
    /// double: <c>1.0</c>, not <c>1</c>, which would make a column of whole numbers a long column.
    /// </summary>
    public static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && text.AsSpan().IndexOfAny('.', 'E') < 0 ? text + ".0" : text;
    }

    private static void WriteLine(StreamWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(field);
            }
        }

        writer.WriteLine();
    }
}
